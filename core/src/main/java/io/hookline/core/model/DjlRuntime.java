package io.hookline.core.model;

/**
 * DJL settings Hookline relies on, applied before the engine starts: offline (a missing native
 * fails at once instead of being downloaded) and, unless the operator chose otherwise, one
 * intra-op thread, which is both the fastest setting for this small model on few cores and what
 * makes training bit-for-bit reproducible.
 */
public final class DjlRuntime {
  private DjlRuntime() {}

  public static void configure() {
    setIfAbsent("ai.djl.offline", "true");
    setIfAbsent("ai.djl.pytorch.num_threads", "1");
    setIfAbsent("ai.djl.pytorch.num_interop_threads", "1");
  }

  private static void setIfAbsent(String property, String value) {
    if (System.getProperty(property) == null) {
      System.setProperty(property, value);
    }
  }
}
