package io.hookline.launcher.replay;

import java.io.PrintWriter;

/** One line on the terminal, redrawn at most four times a second. */
final class ProgressBar {
  private static final int WIDTH = 30;
  private static final long REDRAW_NANOS = 250_000_000L;

  private final PrintWriter out;
  private final long total;
  private final long start = System.nanoTime();
  private long lastDraw;

  ProgressBar(PrintWriter out, long total) {
    this.out = out;
    this.total = total;
  }

  void update(String phase, long done, long feedback, boolean force) {
    long now = System.nanoTime();
    if (!force && now - lastDraw < REDRAW_NANOS) {
      return;
    }
    lastDraw = now;
    int filled = total == 0 ? WIDTH : (int) (WIDTH * done / total);
    double seconds = (now - start) / 1e9;
    out.printf("\r  %-12s [%s%s] %,d/%,d  %,.0f msg/s  feedback %,d ",
        phase, "#".repeat(filled), ".".repeat(WIDTH - filled), done, total, seconds > 0 ? done / seconds : 0.0, feedback);
    out.flush();
  }

  void finish() {
    out.println();
    out.flush();
  }
}
