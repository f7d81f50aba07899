package io.hookline.core.corpus;

import io.hookline.avro.Label;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * An mbox file: messages separated by {@code From } lines (at the file's start or after a blank
 * line) that carry a time of day, as in {@code From sender@example.com Mon Jan  1 00:00:00 2002},
 * so that an unescaped "From here on" in a body does not split a message. Body lines escaped as
 * {@code >From } (mboxrd/mboxo) lose one {@code >}.
 */
public record Mbox(Path file, Label label, String domain) implements CorpusSource {
  private static final Pattern TIME_OF_DAY = Pattern.compile("\\S+\\s.*\\b\\d{1,2}:\\d{2}");
  @Override
  public String name() {
    return file.getFileName().toString();
  }

  @Override
  public void read(Consumer<CorpusExample> sink) throws IOException {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      ByteArrayOutputStream message = new ByteArrayOutputStream();
      boolean inMessage = false;
      boolean previousBlank = true;
      int count = 0;
      for (byte[] line; (line = readLine(in)) != null; ) {
        if (previousBlank && isSeparator(line)) {
          if (inMessage) {
            emit(sink, message, ++count);
          }
          inMessage = true;
          previousBlank = false;
          continue;
        }
        if (inMessage) {
          int skip = isEscapedFrom(line) ? 1 : 0;
          message.write(line, skip, line.length - skip);
        }
        previousBlank = isBlank(line);
      }
      if (inMessage) {
        emit(sink, message, ++count);
      }
    }
  }

  private void emit(Consumer<CorpusExample> sink, ByteArrayOutputStream message, int number) {
    byte[] raw = message.toByteArray();
    // the blank line before the next separator belongs to the mbox, not to the message
    int end = raw.length;
    if (end >= 2 && raw[end - 1] == '\n' && raw[end - 2] == '\n') {
      end--;
    } else if (end >= 4 && raw[end - 1] == '\n' && raw[end - 2] == '\r' && raw[end - 3] == '\n') {
      end -= 2;
    }
    sink.accept(new CorpusExample(domain + "/" + file.getFileName() + "#" + number, domain, label, Arrays.copyOf(raw, end)));
    message.reset();
  }

  /** One line including its line end, or null at the end of input. */
  private static byte[] readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream(128);
    int b;
    while ((b = in.read()) >= 0) {
      line.write(b);
      if (b == '\n') {
        break;
      }
    }
    return line.size() == 0 ? null : line.toByteArray();
  }

  private static boolean isSeparator(byte[] line) {
    if (!startsWith(line, 0, "From ")) {
      return false;
    }
    String rest = new String(line, 5, line.length - 5, StandardCharsets.ISO_8859_1);
    return TIME_OF_DAY.matcher(rest).find();
  }

  private static boolean isEscapedFrom(byte[] line) {
    int i = 0;
    while (i < line.length && line[i] == '>') {
      i++;
    }
    return i > 0 && startsWith(line, i, "From ");
  }

  private static boolean isBlank(byte[] line) {
    for (byte b : line) {
      if (b != '\r' && b != '\n') {
        return false;
      }
    }
    return true;
  }

  private static boolean startsWith(byte[] line, int offset, String prefix) {
    if (line.length - offset < prefix.length()) {
      return false;
    }
    for (int i = 0; i < prefix.length(); i++) {
      if (line[offset + i] != prefix.charAt(i)) {
        return false;
      }
    }
    return true;
  }
}
