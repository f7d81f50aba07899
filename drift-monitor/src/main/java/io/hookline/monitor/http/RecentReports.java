package io.hookline.monitor.http;

import io.hookline.monitor.alerting.WindowJudge;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;

/** The last few judged windows of this instance, newest last, for the HTTP endpoint and page. */
public final class RecentReports implements Consumer<WindowJudge.Judged> {
  private final int capacity;
  private final Deque<WindowJudge.Judged> recent = new ArrayDeque<>();

  public RecentReports(int capacity) {
    this.capacity = capacity;
  }

  @Override
  public synchronized void accept(WindowJudge.Judged judged) {
    recent.addLast(judged);
    while (recent.size() > capacity) {
      recent.removeFirst();
    }
  }

  public synchronized List<WindowJudge.Judged> all() {
    return new ArrayList<>(recent);
  }

}
