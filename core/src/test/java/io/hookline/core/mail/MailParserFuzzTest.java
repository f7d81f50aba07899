package io.hookline.core.mail;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.avro.EmailMessage;
import io.hookline.core.corpus.Corpus;
import io.hookline.core.corpus.CorpusExample;
import io.hookline.core.corpus.SpamAssassinArchive;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Random bytes and mutated real and hostile messages: the parser returns a message or a {@link
 * MailParseException}, never anything else, within bounded time, and what it returns respects the
 * limits. Seeds are fixed; a failure names its case, so it reproduces.
 */
class MailParserFuzzTest {
  private static final MailLimits LIMITS = MailLimits.DEFAULTS;
  private static final MailParser PARSER = new MailParser(LIMITS);
  private static final List<byte[]> SEEDS = new ArrayList<>();
  private static final byte[] SYNTAX = "\r\n:;=\"-<>?".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  @BeforeAll
  static void seeds() throws IOException {
    List<CorpusExample> corpus = Corpus.load(SpamAssassinArchive.shipped()).examples();
    Random pick = new Random(1);
    for (int i = 0; i < 40; i++) {
      SEEDS.add(corpus.get(pick.nextInt(corpus.size())).raw());
    }
    for (String name : List.of("deeply-nested.eml", "attachment-2231.eml", "header-injection.eml", "invalid-base64.eml", "unterminated-multipart.eml")) {
      SEEDS.add(HostileMailTest.sample(name));
    }
  }

  @Test
  void mutatedMessagesParseOrFailTyped() {
    Random random = new Random(20261127L);
    for (int i = 0; i < 3_000; i++) {
      byte[] seed = SEEDS.get(random.nextInt(SEEDS.size()));
      check(mutate(seed, random), "mutation case " + i);
    }
  }

  @Test
  void randomBytesParseOrFailTyped() {
    Random random = new Random(99L);
    for (int i = 0; i < 2_000; i++) {
      byte[] bytes = new byte[random.nextInt(4_000)];
      random.nextBytes(bytes);
      if (random.nextBoolean()) { // mostly printable, so more of it gets past the binary check
        for (int k = 0; k < bytes.length; k++) {
          bytes[k] = (byte) (32 + (bytes[k] & 0x5f));
        }
      }
      check(bytes, "random case " + i);
    }
  }

  private static void check(byte[] input, String description) {
    long start = System.nanoTime();
    try {
      EmailMessage message = PARSER.parse(input, InboundContext.of("fuzz", Instant.EPOCH));
      assertThat(message.getLinks()).as(description).hasSizeLessThanOrEqualTo(LIMITS.maxLinks());
      if (message.getTextBody() != null) {
        assertThat(message.getTextBody().length()).as(description).isLessThanOrEqualTo(LIMITS.maxBodyChars());
      }
      assertThat(message.getSubject()).as(description).doesNotContain("\n").doesNotContain("\0");
    } catch (MailParseException expected) {
      assertThat(expected.getMessage()).as(description).isNotBlank();
    } catch (RuntimeException | Error unexpected) {
      throw new AssertionError(description + " threw " + unexpected, unexpected);
    }
    assertThat(System.nanoTime() - start).as(description + " took too long").isLessThan(2_000_000_000L);
  }

  private static byte[] mutate(byte[] seed, Random random) {
    byte[] copy = seed.clone();
    int mutations = 1 + random.nextInt(8);
    for (int m = 0; m < mutations && copy.length > 0; m++) {
      int at = random.nextInt(copy.length);
      switch (random.nextInt(5)) {
        case 0 -> copy[at] = (byte) random.nextInt(256);
        case 1 -> copy[at] = SYNTAX[random.nextInt(SYNTAX.length)];
        case 2 -> copy = java.util.Arrays.copyOf(copy, at); // truncate
        case 3 -> { // duplicate a slice (repeated boundaries, headers)
          int len = Math.min(copy.length - at, 1 + random.nextInt(200));
          byte[] longer = java.util.Arrays.copyOf(copy, copy.length + len);
          System.arraycopy(copy, at, longer, at + len, copy.length - at);
          copy = longer;
        }
        default -> { // splice in MIME syntax
          byte[] piece = ("\r\n--" + random.nextInt(9) + "\r\nContent-Type: multipart/mixed; boundary=" + random.nextInt(9)
              + "\r\nContent-Transfer-Encoding: " + (random.nextBoolean() ? "base64" : "quoted-printable") + "\r\n\r\n").getBytes();
          byte[] longer = java.util.Arrays.copyOf(copy, copy.length + piece.length);
          System.arraycopy(copy, at, longer, at + piece.length, copy.length - at);
          System.arraycopy(piece, 0, longer, at, piece.length);
          copy = longer;
        }
      }
    }
    return copy;
  }
}
