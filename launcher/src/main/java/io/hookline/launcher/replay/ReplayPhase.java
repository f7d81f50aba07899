package io.hookline.launcher.replay;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * One phase of a replay: {@code count} messages drawn from a mix of domains (all equally likely
 * per message). Written {@code NAME=DOMAIN[,DOMAIN...]:COUNT}, for example {@code
 * shifted=easy-ham-2,hard-ham-1,spam-2:3000}.
 */
public record ReplayPhase(String name, Set<String> domains, int count) {

  public ReplayPhase {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("a phase needs a name");
    }
    domains = Set.copyOf(domains);
    if (domains.isEmpty()) {
      throw new IllegalArgumentException("phase " + name + " needs at least one domain");
    }
    if (count < 1) {
      throw new IllegalArgumentException("phase " + name + " needs a positive count, was " + count);
    }
  }

  public static ReplayPhase parse(String text) {
    int equals = text.indexOf('=');
    int colon = text.lastIndexOf(':');
    if (equals <= 0 || colon < equals) {
      throw new IllegalArgumentException("phase '" + text + "' must be NAME=DOMAIN[,DOMAIN...]:COUNT");
    }
    int count;
    try {
      count = Integer.parseInt(text.substring(colon + 1).trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("phase '" + text + "' has no count after the last ':'");
    }
    Set<String> domains = new LinkedHashSet<>();
    Arrays.stream(text.substring(equals + 1, colon).split(",")).map(String::trim).filter(d -> !d.isEmpty()).forEach(domains::add);
    return new ReplayPhase(text.substring(0, equals).trim(), domains, count);
  }
}
