package io.hookline.core.model.encoder;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class PartitionShapTest {
  private static final List<String> SIX = List.of("please", "verify", "your", "account", "today", "thanks");

  @Test
  void onAModelAdditiveOverWordsTheValuesAreTheExactShapleyValues() {
    double[] weights = {0.3, 1.7, -0.2, 0.9, 0.4, -1.1};
    PartitionShap.Result result = new PartitionShap(batch(mask -> mask.stream().mapToDouble(i -> weights[i]).sum()), 1_000).explain(SIX);
    assertThat(result.values()).containsExactly(weights, Offset.offset(1e-12));
  }

  @Test
  void withAFullBudgetTheyAreTheOwenValuesOfTheHierarchyComputedByBruteForce() {
    Random random = new Random(5);
    for (int game = 0; game < 20; game++) {
      double[] table = new double[1 << SIX.size()];
      for (int m = 0; m < table.length; m++) {
        table[m] = random.nextGaussian();
      }
      ToDoubleFunction<BitSet> f = mask -> table[(int) (mask.isEmpty() ? 0 : mask.toLongArray()[0])];
      PartitionShap.Result result = new PartitionShap(batch(f), 10_000).explain(SIX);
      assertThat(result.values()).as("game " + game).containsExactly(owenByOrders(f, SIX.size()), Offset.offset(1e-9));
    }
  }

  @Test
  void onAnyBudgetTheValuesSumToTheWholeTextAgainstNoneAndTheCallsStayWithinIt() {
    Random random = new Random(9);
    List<String> words = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      words.add("w" + i);
    }
    double[] pair = new double[40];
    for (int i = 0; i < 40; i++) {
      pair[i] = random.nextGaussian();
    }
    // interactions between neighbours, as a language model's are
    ToDoubleFunction<BitSet> f = mask -> {
      double sum = 0;
      for (int i = 0; i + 1 < 40; i++) {
        sum += mask.get(i) && mask.get(i + 1) ? pair[i] : mask.get(i) ? 0.1 * pair[i] : 0;
      }
      return Math.tanh(sum);
    };
    for (int budget : new int[] {0, 8, 32, 128}) {
      int[] calls = {0};
      Function<List<BitSet>, double[]> counted = masks -> {
        calls[0] += masks.size();
        return batch(f).apply(masks);
      };
      PartitionShap.Result result = new PartitionShap(counted, budget).explain(words);
      double sum = 0;
      for (double v : result.values()) {
        sum += v;
      }
      assertThat(sum).as("budget " + budget).isCloseTo(result.full() - result.empty(), Offset.offset(1e-9));
      assertThat(calls[0]).as("model calls on budget " + budget).isLessThanOrEqualTo(budget + 2);
    }
  }

  private static Function<List<BitSet>, double[]> batch(ToDoubleFunction<BitSet> f) {
    return masks -> masks.stream().mapToDouble(f).toArray();
  }

  /** The Owen value by its definition: the mean marginal contribution over the orders in which every group of the hierarchy stays together. */
  private static double[] owenByOrders(ToDoubleFunction<BitSet> f, int n) {
    List<int[]> groups = new ArrayList<>();
    groups(0, n, groups);
    double[] owen = new double[n];
    int[] orders = {0};
    permute(new int[n], new boolean[n], 0, order -> {
      for (int[] g : groups) {
        int first = Integer.MAX_VALUE;
        int last = -1;
        for (int position = 0; position < n; position++) {
          if (order[position] >= g[0] && order[position] < g[1]) {
            first = Math.min(first, position);
            last = Math.max(last, position);
          }
        }
        if (last - first + 1 != g[1] - g[0]) {
          return;
        }
      }
      orders[0]++;
      BitSet present = new BitSet(n);
      for (int position = 0; position < n; position++) {
        double before = f.applyAsDouble(present);
        present.set(order[position]);
        owen[order[position]] += f.applyAsDouble(present) - before;
      }
    });
    for (int i = 0; i < n; i++) {
      owen[i] /= orders[0];
    }
    return owen;
  }

  private static void groups(int lo, int hi, List<int[]> out) {
    out.add(new int[] {lo, hi});
    if (hi - lo > 1) {
      int mid = (lo + hi) / 2;
      groups(lo, mid, out);
      groups(mid, hi, out);
    }
  }

  private static void permute(int[] order, boolean[] used, int at, java.util.function.Consumer<int[]> visit) {
    if (at == order.length) {
      visit.accept(order);
      return;
    }
    for (int i = 0; i < order.length; i++) {
      if (!used[i]) {
        used[i] = true;
        order[at] = i;
        permute(order, used, at + 1, visit);
        used[i] = false;
      }
    }
  }
}
