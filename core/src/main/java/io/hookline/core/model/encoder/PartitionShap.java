package io.hookline.core.model.encoder;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.Function;

/**
 * Owen values of a text's words over a balanced binary hierarchy of adjacent word groups, the
 * algorithm of the Partition explainer of Python's {@code shap}, on a budget of model calls.
 *
 * <p>A group splits into its two halves L and R. Seen from outside, each ancestor's other half is
 * either wholly present or wholly absent, with equal weight: these are the group's contexts C.
 * Then {@code phi(L) = mean over C of ((f(C+L) - f(C)) + (f(C+L+R) - f(C+R))) / 2}, and L's
 * contexts are C and C+R. The values of two halves add up to their group's, so the words' values
 * always sum to {@code f(all) - f(none)} exactly. Groups are split strongest first (largest
 * |value|) while the budget lasts; a group left whole shares its value evenly among its words.
 * With a budget for every split the result is the exact Owen value, which equals the Shapley
 * value when the model is additive over the words.
 */
public final class PartitionShap {
  /** The values of one text's words and what they rest on. */
  public record Result(List<String> words, double[] values, double full, double empty, int calls) {}

  private final Function<List<BitSet>, double[]> model;
  private final int budget;

  /**
   * @param model the model's output for a batch of word masks (a set bit keeps that word)
   * @param budget the most masks evaluated per text, beyond the whole and the empty text
   */
  public PartitionShap(Function<List<BitSet>, double[]> model, int budget) {
    this.model = model;
    this.budget = budget;
  }

  public Result explain(List<String> words) {
    int n = words.size();
    Map<BitSet, Double> known = new HashMap<>();
    BitSet all = new BitSet(n);
    all.set(0, n);
    double[] ends = model.apply(List.of(all, new BitSet(n)));
    known.put(all, ends[0]);
    known.put(new BitSet(n), ends[1]);
    double[] values = new double[n];
    if (n == 0) {
      return new Result(words, values, ends[0], ends[1], 2);
    }
    PriorityQueue<Group> open = new PriorityQueue<>((a, b) -> Double.compare(Math.abs(b.value), Math.abs(a.value)));
    List<BitSet> rootContexts = new ArrayList<>();
    rootContexts.add(new BitSet(n));
    open.add(new Group(0, n, ends[0] - ends[1], rootContexts));
    int calls = 0;
    while (!open.isEmpty()) {
      Group group = open.poll();
      int cost = 2 * group.contexts.size();
      if (group.hi - group.lo == 1 || calls + cost > budget) {
        for (int i = group.lo; i < group.hi; i++) {
          values[i] = group.value / (group.hi - group.lo);
        }
        continue;
      }
      int mid = (group.lo + group.hi) / 2;
      List<BitSet> asked = new ArrayList<>();
      for (BitSet context : group.contexts) {
        for (BitSet mask : List.of(with(context, group.lo, mid), with(context, mid, group.hi))) {
          if (!known.containsKey(mask) && !asked.contains(mask)) {
            asked.add(mask);
          }
        }
      }
      if (!asked.isEmpty()) {
        double[] outputs = model.apply(asked);
        for (int k = 0; k < asked.size(); k++) {
          known.put(asked.get(k), outputs[k]);
        }
        calls += asked.size();
      }
      double left = 0;
      double right = 0;
      List<BitSet> leftContexts = new ArrayList<>();
      List<BitSet> rightContexts = new ArrayList<>();
      for (BitSet context : group.contexts) {
        double none = value(known, context);
        double onlyLeft = value(known, with(context, group.lo, mid));
        double onlyRight = value(known, with(context, mid, group.hi));
        double both = value(known, with(context, group.lo, group.hi));
        left += ((onlyLeft - none) + (both - onlyRight)) / 2;
        right += ((onlyRight - none) + (both - onlyLeft)) / 2;
        leftContexts.add(context);
        leftContexts.add(with(context, mid, group.hi));
        rightContexts.add(context);
        rightContexts.add(with(context, group.lo, mid));
      }
      open.add(new Group(group.lo, mid, left / group.contexts.size(), leftContexts));
      open.add(new Group(mid, group.hi, right / group.contexts.size(), rightContexts));
    }
    return new Result(words, values, ends[0], ends[1], calls + 2);
  }

  private double value(Map<BitSet, Double> known, BitSet mask) {
    Double value = known.get(mask);
    if (value == null) {
      double computed = model.apply(List.of(mask))[0]; // a context's own value, known from its parent unless the budget skipped it
      known.put(mask, computed);
      return computed;
    }
    return value;
  }

  private static BitSet with(BitSet context, int from, int to) {
    BitSet mask = (BitSet) context.clone();
    mask.set(from, to);
    return mask;
  }

  /** A group of adjacent words [lo, hi), its value, and the contexts it is seen in. */
  private record Group(int lo, int hi, double value, List<BitSet> contexts) {}
}
