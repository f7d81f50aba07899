package io.hookline.core.corpus;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import io.hookline.avro.Label;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A CSV data set as public phishing corpora publish them: a text column, a label column and
 * optionally a domain column (the Enron, Nazario, CEAS and Kaggle sets all fit). The header row
 * names the columns ({@code text}/{@code body}/{@code email text}, {@code label}/{@code email
 * type}/{@code class}, {@code domain}/{@code source}, {@code subject}); without a recognisable
 * header the columns are taken as {@code text,label[,domain]}.
 *
 * <p>Texts that already start with header fields are kept as they are; bare bodies get a minimal
 * header so every example is a parseable message. Rows whose label is not recognised are skipped
 * and counted.
 */
public final class CsvCorpus implements CorpusSource {
  private static final List<String> TEXT = List.of("text", "body", "email text", "message", "content", "email");
  private static final List<String> LABEL = List.of("label", "email type", "class", "type", "spam", "category", "target");
  private static final List<String> DOMAIN = List.of("domain", "source", "group", "corpus");
  private static final List<String> SUBJECT = List.of("subject");

  private final Path file;
  private final String defaultDomain;
  private int skippedRows;

  /** @param defaultDomain the domain of rows without a domain column */
  public CsvCorpus(Path file, String defaultDomain) {
    this.file = file;
    this.defaultDomain = defaultDomain;
  }

  @Override
  public String name() {
    return file.getFileName().toString();
  }

  /** Rows skipped in the last read because their label was not recognised or their text empty. */
  public int skippedRows() {
    return skippedRows;
  }

  @Override
  public void read(Consumer<CorpusExample> sink) throws IOException {
    skippedRows = 0;
    CsvMapper mapper = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY).enable(CsvParser.Feature.SKIP_EMPTY_LINES);
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        MappingIterator<List<String>> rows = mapper.readerForListOf(String.class).readValues(reader)) {
      if (!rows.hasNext()) {
        return;
      }
      List<String> first = rows.next();
      Columns columns = Columns.fromHeader(first);
      int number = 0;
      if (columns == null) {
        columns = new Columns(0, 1, first.size() > 2 ? 2 : -1, -1);
        number++;
        accept(first, columns, number, sink);
      }
      while (rows.hasNext()) {
        number++;
        accept(rows.next(), columns, number, sink);
      }
    } catch (com.fasterxml.jackson.core.JsonProcessingException | RuntimeException e) {
      throw new IOException("cannot read CSV corpus " + file + ": " + e.getMessage(), e);
    }
  }

  private void accept(List<String> row, Columns columns, int number, Consumer<CorpusExample> sink) {
    String text = cell(row, columns.text);
    Optional<Label> label = Labels.parse(cell(row, columns.label));
    if (text == null || text.isBlank() || label.isEmpty()) {
      skippedRows++;
      return;
    }
    String domain = Optional.ofNullable(cell(row, columns.domain)).filter(d -> !d.isBlank()).map(String::trim).orElse(defaultDomain);
    String subject = cell(row, columns.subject);
    sink.accept(new CorpusExample(domain + "/" + file.getFileName() + "#" + number, domain, label.get(), asMessage(text, subject)));
  }

  /** A text that already has header fields stays; a bare body gets a minimal header. */
  static byte[] asMessage(String text, String subject) {
    String firstLine = text.lines().findFirst().orElse("");
    boolean hasHeader = firstLine.matches("[A-Za-z][A-Za-z0-9-]*:.*") || text.startsWith("From ");
    if (hasHeader) {
      return text.getBytes(StandardCharsets.UTF_8);
    }
    String header = (subject == null || subject.isBlank() ? "" : "Subject: " + subject.replaceAll("[\\r\\n]+", " ") + "\r\n")
        + "Content-Type: text/plain; charset=utf-8\r\n\r\n";
    return (header + text).getBytes(StandardCharsets.UTF_8);
  }

  private static String cell(List<String> row, int index) {
    return index >= 0 && index < row.size() ? row.get(index) : null;
  }

  private record Columns(int text, int label, int domain, int subject) {
    static Columns fromHeader(List<String> header) {
      int text = find(header, TEXT);
      int label = find(header, LABEL);
      if (text < 0 || label < 0) {
        return null;
      }
      return new Columns(text, label, find(header, DOMAIN), find(header, SUBJECT));
    }

    private static int find(List<String> header, List<String> names) {
      for (String name : names) {
        for (int i = 0; i < header.size(); i++) {
          if (header.get(i) != null && header.get(i).trim().toLowerCase(Locale.ROOT).equals(name)) {
            return i;
          }
        }
      }
      return -1;
    }
  }
}
