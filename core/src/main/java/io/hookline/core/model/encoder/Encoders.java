package io.hookline.core.model.encoder;

import io.hookline.core.corpus.ContentHash;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sentence encoders of this process, each loaded once (an ONNX session holds the weights)
 * and shared by every model that reads text with it, with the embeddings of recent texts cached
 * by content: retraining a head, domain validation and the detector's repeated senders embed
 * each text once. The bundled encoder is always known; {@code HOOKLINE_ENCODER_DIR} (a directory
 * with {@code model.onnx} and {@code tokenizer.json}) adds one of one's own, named after the
 * directory.
 */
public final class Encoders {
  /** Embeddings kept: some 30 MB of 384-dimensional vectors. */
  private static final int CACHED = 20_000;
  private static final Map<String, SentenceEncoder> LOADED = new LinkedHashMap<>();
  private static final Map<String, float[]> EMBEDDED = new LinkedHashMap<>(1024, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, float[]> eldest) {
      return size() > CACHED;
    }
  };

  private Encoders() {}

  /** The encoder new models of the family use: one's own when {@code HOOKLINE_ENCODER_DIR} names it, else the bundled one. */
  public static synchronized SentenceEncoder preferred() throws IOException {
    String dir = System.getenv("HOOKLINE_ENCODER_DIR");
    return named(dir == null || dir.isBlank() ? SentenceEncoder.BUNDLED : Path.of(dir).getFileName().toString());
  }

  /**
   * The encoder of that name, loaded on first use.
   *
   * @throws IOException when no encoder of that name is available here
   */
  public static synchronized SentenceEncoder named(String name) throws IOException {
    SentenceEncoder loaded = LOADED.get(name);
    if (loaded != null) {
      return loaded;
    }
    SentenceEncoder encoder;
    if (SentenceEncoder.BUNDLED.equals(name)) {
      encoder = SentenceEncoder.bundled();
    } else {
      String dir = System.getenv("HOOKLINE_ENCODER_DIR");
      Path own = dir == null || dir.isBlank() ? null : Path.of(dir);
      if (own == null || !own.getFileName().toString().equals(name)) {
        throw new IOException("encoder '" + name + "' is not available here: the bundled one is " + SentenceEncoder.BUNDLED
            + "; one's own is read from HOOKLINE_ENCODER_DIR (a directory of that name with model.onnx and tokenizer.json)");
      }
      if (!Files.isRegularFile(own.resolve("model.onnx")) || !Files.isRegularFile(own.resolve("tokenizer.json"))) {
        throw new IOException("HOOKLINE_ENCODER_DIR " + own + " must hold model.onnx and tokenizer.json");
      }
      encoder = SentenceEncoder.fromFiles(name, own.resolve("model.onnx"), own.resolve("tokenizer.json"));
    }
    LOADED.put(name, encoder);
    return encoder;
  }

  /** Embeddings of the texts by {@code encoder}, from the cache where it has them. */
  public static List<float[]> embed(SentenceEncoder encoder, List<String> texts) {
    List<float[]> out = new ArrayList<>(texts.size());
    List<String> missing = new ArrayList<>();
    List<Integer> where = new ArrayList<>();
    synchronized (EMBEDDED) {
      for (int i = 0; i < texts.size(); i++) {
        float[] cached = EMBEDDED.get(key(encoder, texts.get(i)));
        out.add(cached);
        if (cached == null) {
          missing.add(texts.get(i));
          where.add(i);
        }
      }
    }
    if (!missing.isEmpty()) {
      List<float[]> fresh = encoder.embed(missing);
      synchronized (EMBEDDED) {
        for (int k = 0; k < fresh.size(); k++) {
          out.set(where.get(k), fresh.get(k));
          EMBEDDED.put(key(encoder, missing.get(k)), fresh.get(k));
        }
      }
    }
    return out;
  }

  /** Forgets every cached embedding: a benchmark measures the encoder, not the cache. */
  public static void forgetEmbeddings() {
    synchronized (EMBEDDED) {
      EMBEDDED.clear();
    }
  }

  private static String key(SentenceEncoder encoder, String text) {
    return encoder.sha256().substring(0, 16) + ":" + Long.toHexString(ContentHash.of(text.getBytes(StandardCharsets.UTF_8)));
  }
}
