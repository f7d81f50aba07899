package io.hookline.core.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.avro.EmailMessage;
import io.hookline.avro.Label;
import io.hookline.core.mail.InboundContext;
import io.hookline.core.mail.MailParseException;
import io.hookline.core.mail.MailParser;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The SpamAssassin corpus shipped with Hookline: complete, and every message parses. */
class ShippedCorpusTest {
  private static Corpus corpus;

  @BeforeAll
  static void load() throws IOException {
    corpus = Corpus.load(SpamAssassinArchive.shipped());
  }

  @Test
  void hasEveryGroupWithItsPublishedCountAfterDeduplication() {
    assertThat(corpus.size()).isEqualTo(6046);
    assertThat(corpus.duplicatesRemoved()).isZero();
    assertThat(corpus.counts())
        .containsEntry("easy-ham-1", Map.of(Label.LEGITIMATE, 2500))
        .containsEntry("easy-ham-2", Map.of(Label.LEGITIMATE, 1400))
        .containsEntry("hard-ham-1", Map.of(Label.LEGITIMATE, 250))
        .containsEntry("spam-1", Map.of(Label.PHISHING, 500))
        .containsEntry("spam-2", Map.of(Label.PHISHING, 1396))
        .hasSize(5);
  }

  @Test
  void everyMessageParsesWithItsHeadersAndABody() throws MailParseException {
    MailParser parser = new MailParser();
    List<String> withoutFrom = new ArrayList<>();
    List<String> withoutBody = new ArrayList<>();
    Map<String, Integer> truncated = new HashMap<>();
    for (CorpusExample example : corpus.examples()) {
      EmailMessage message = parser.parse(example.raw(), InboundContext.of(example.id(), Instant.EPOCH));
      if (message.getHeaders().getFrom() == null) {
        withoutFrom.add(example.id());
      }
      if (message.getTextBody() == null && message.getHtmlText() == null && message.getAttachments().isEmpty()) {
        withoutBody.add(example.id());
      }
      message.getTruncations().forEach(t -> truncated.merge(t.name(), 1, Integer::sum));
    }
    assertThat(withoutFrom).isEmpty();
    assertThat(withoutBody).hasSizeLessThan(5);
    assertThat(truncated).doesNotContainKeys("HEADER_BYTES", "NESTING_DEPTH", "PART_COUNT", "MESSAGE_BYTES");
  }

  @Test
  void theShiftSplitTrainsOnThe2002GroupsAndTestsOnTheLaterOnes() {
    CorpusSplit shift = CorpusSplit.named("shift", corpus);

    assertThat(shift.train()).hasSize(3000).allMatch(e -> CorpusSplit.SHIFT_TRAIN.contains(e.domain()));
    assertThat(shift.test()).hasSize(3046).allMatch(e -> CorpusSplit.SHIFT_TEST.contains(e.domain()));
  }

  @Test
  void theRandomSplitIsStratifiedAndReproducible() {
    CorpusSplit first = CorpusSplit.named("random", corpus);
    List<CorpusExample> reversed = new ArrayList<>(corpus.examples());
    java.util.Collections.reverse(reversed);
    CorpusSplit again = CorpusSplit.named("random", Corpus.of("copy", reversed));

    assertThat(first.train().size() + first.test().size()).isEqualTo(6046);
    assertThat(first.test()).hasSize(1209);
    assertThat(CorpusSplit.phishingShare(first.test())).isCloseTo(CorpusSplit.phishingShare(corpus.examples()), org.assertj.core.data.Offset.offset(0.002));
    assertThat(first.test().stream().filter(e -> e.domain().equals("hard-ham-1")).count()).isEqualTo(50);
    assertThat(again.test().stream().map(CorpusExample::id).toList()).isEqualTo(first.test().stream().map(CorpusExample::id).toList());
  }
}
