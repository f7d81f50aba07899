package io.hookline.core.features;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;

/**
 * Every occurrence of many phrases in one pass over a text (Aho–Corasick, as a table of
 * transitions over the characters the phrases use; any other character sends the scan back to
 * the start). Occurrences of one phrase do not overlap: scanning left to right, the leftmost
 * counts and the next is looked for after its end, as repeated {@code indexOf} would find them.
 * Immutable once built, safe to share.
 */
final class PhraseAutomaton {
  /** What to do with one occurrence. */
  interface Occurrence {
    void at(int group, String phrase, int start, int end);
  }

  private final String[] phrases;
  private final int[] groups;
  private final byte[] classOf = new byte[Character.MAX_VALUE + 1];
  private final int classes;
  private final int[] next;
  private final int[][] outputs;

  private PhraseAutomaton(List<List<String>> phraseGroups) {
    List<String> phraseList = new ArrayList<>();
    List<Integer> groupList = new ArrayList<>();
    int classCount = 1; // class 0: a character no phrase uses
    for (int g = 0; g < phraseGroups.size(); g++) {
      for (String phrase : phraseGroups.get(g)) {
        if (phrase.isEmpty()) {
          throw new IllegalArgumentException("an empty phrase");
        }
        phraseList.add(phrase);
        groupList.add(g);
        for (char c : phrase.toCharArray()) {
          if (classOf[c] == 0) {
            if (classCount == Byte.MAX_VALUE) {
              throw new IllegalArgumentException("the phrases use more than " + (Byte.MAX_VALUE - 1) + " characters");
            }
            classOf[c] = (byte) classCount++;
          }
        }
      }
    }
    phrases = phraseList.toArray(String[]::new);
    groups = groupList.stream().mapToInt(Integer::intValue).toArray();
    classes = classCount;
    // the trie: children by class, -1 for none
    List<int[]> children = new ArrayList<>();
    List<List<Integer>> ending = new ArrayList<>();
    children.add(newRow());
    ending.add(new ArrayList<>());
    for (int p = 0; p < phrases.length; p++) {
      int state = 0;
      for (char c : phrases[p].toCharArray()) {
        int cls = classOf[c];
        if (children.get(state)[cls] < 0) {
          children.get(state)[cls] = children.size();
          children.add(newRow());
          ending.add(new ArrayList<>());
        }
        state = children.get(state)[cls];
      }
      ending.get(state).add(p);
    }
    // breadth first: failure links folded into a full transition table, outputs merged along them
    int states = children.size();
    next = new int[states * classes];
    outputs = new int[states][];
    int[] fail = new int[states];
    Deque<Integer> queue = new ArrayDeque<>();
    outputs[0] = new int[0];
    for (int cls = 0; cls < classes; cls++) {
      int child = children.get(0)[cls];
      next[cls] = Math.max(child, 0);
      if (child > 0) {
        fail[child] = 0;
        queue.add(child);
      }
    }
    while (!queue.isEmpty()) {
      int state = queue.poll();
      int[] own = ending.get(state).stream().mapToInt(Integer::intValue).toArray();
      int[] inherited = outputs[fail[state]];
      int[] merged = Arrays.copyOf(own, own.length + inherited.length);
      System.arraycopy(inherited, 0, merged, own.length, inherited.length);
      outputs[state] = merged;
      for (int cls = 0; cls < classes; cls++) {
        int child = children.get(state)[cls];
        int viaFail = next[fail[state] * classes + cls];
        // class 0 has no children anywhere, so it leads back to the start from every state
        if (child > 0) {
          fail[child] = viaFail;
          next[state * classes + cls] = child;
          queue.add(child);
        } else {
          next[state * classes + cls] = viaFail;
        }
      }
    }
  }

  private int[] newRow() {
    int[] row = new int[Byte.MAX_VALUE];
    Arrays.fill(row, -1);
    return row;
  }

  /** An automaton for groups of phrases; occurrences name their group by its index. */
  static PhraseAutomaton of(List<List<String>> phraseGroups) {
    return new PhraseAutomaton(phraseGroups);
  }

  /** Calls {@code occurrence} for every occurrence, in the order they end. */
  void forEachOccurrence(String text, Occurrence occurrence) {
    int[] nextStart = new int[phrases.length]; // where each phrase may next begin: occurrences of one phrase do not overlap
    int state = 0;
    for (int i = 0; i < text.length(); i++) {
      state = next[state * classes + classOf[text.charAt(i)]];
      for (int p : outputs[state]) {
        int end = i + 1;
        int start = end - phrases[p].length();
        if (start >= nextStart[p]) {
          nextStart[p] = end;
          occurrence.at(groups[p], phrases[p], start, end);
        }
      }
    }
  }
}
