package io.hookline.core.features;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.core.corpus.Corpus;
import io.hookline.core.corpus.CorpusExample;
import io.hookline.core.corpus.SpamAssassinArchive;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The one-pass count against the plain definition: each phrase looked for with indexOf, left to right, without overlaps. */
class LexiconsTest {
  private static final List<List<String>> LEXICONS = List.of(Lexicons.URGENCY, Lexicons.CREDENTIALS, Lexicons.MONEY, Lexicons.PAYMENT_CHANGE, Lexicons.THREAT);

  @Test
  void countsWhatIndexOfFindsOnTheShippedMail() throws Exception {
    for (CorpusExample example : Corpus.load(SpamAssassinArchive.shipped()).examples().subList(0, 1500)) {
      String text = new String(example.raw(), StandardCharsets.ISO_8859_1).toLowerCase(java.util.Locale.ROOT);
      assertThat(Lexicons.count(text)).as(example.id()).isEqualTo(byIndexOf(text));
    }
  }

  @Test
  void countsWhatIndexOfFindsOnTextMadeOfPhrasePieces() {
    Random random = new Random(20261207L);
    List<String> pieces = new ArrayList<>();
    LEXICONS.forEach(pieces::addAll);
    String[] glue = {" ", "", "-", "x", "é", "1", "\n", "'", "ss", "$"};
    for (int round = 0; round < 3000; round++) {
      StringBuilder text = new StringBuilder();
      for (int k = random.nextInt(12); k >= 0; k--) {
        String phrase = pieces.get(random.nextInt(pieces.size()));
        int from = random.nextInt(3) == 0 ? random.nextInt(phrase.length()) : 0; // sometimes a phrase's tail
        text.append(phrase, from, phrase.length()).append(glue[random.nextInt(glue.length)]);
      }
      String lower = text.toString();
      assertThat(Lexicons.count(lower)).as(lower).isEqualTo(byIndexOf(lower));
    }
  }

  @Test
  void occurrencesOfOnePhraseDoNotOverlapButDifferentPhrasesMay() {
    PhraseAutomaton automaton = PhraseAutomaton.of(List.of(List.of("aa", "a"), List.of("aab")));
    List<String> found = new ArrayList<>();
    automaton.forEachOccurrence("aaab", (group, phrase, start, end) -> found.add(group + ":" + phrase + "@" + start));
    assertThat(found).containsExactlyInAnyOrder("0:a@0", "0:aa@0", "0:a@1", "0:a@2", "1:aab@1");
  }

  private static int[] byIndexOf(String lowerText) {
    int[] counts = new int[LEXICONS.size()];
    for (int g = 0; g < LEXICONS.size(); g++) {
      for (String phrase : LEXICONS.get(g)) {
        int from = 0;
        while ((from = lowerText.indexOf(phrase, from)) >= 0) {
          int end = from + phrase.length();
          if (Lexicons.wholeEnough(lowerText, phrase, from, end)) {
            counts[g]++;
          }
          from = end;
        }
      }
    }
    return counts;
  }
}
