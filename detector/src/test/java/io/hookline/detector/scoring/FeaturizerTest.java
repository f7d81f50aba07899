package io.hookline.detector.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookline.avro.EmailMessage;
import io.hookline.core.corpus.Corpus;
import io.hookline.core.corpus.CorpusExample;
import io.hookline.core.corpus.SpamAssassinArchive;
import io.hookline.core.features.FeatureExtractor;
import io.hookline.core.features.FeatureSpec;
import io.hookline.core.features.FeatureVector;
import io.hookline.core.mail.InboundContext;
import io.hookline.core.mail.MailParser;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FeaturizerTest {
  private final ExecutorService pool = Executors.newFixedThreadPool(3);
  private final FeatureExtractor extractor = new FeatureExtractor(FeatureSpec.CURRENT);

  @AfterEach
  void shutDown() {
    pool.shutdownNow();
  }

  @Test
  void helpersGiveTheVectorsOneThreadGivesInTheMessagesOrder() throws Exception {
    List<EmailMessage> messages = corpus(301); // slices of unequal length
    List<FeatureVector> alone = new Featurizer(extractor, pool, 0).featurize(messages);
    List<FeatureVector> shared = new Featurizer(extractor, pool, 3).featurize(messages);
    assertThat(shared).hasSize(messages.size());
    for (int i = 0; i < messages.size(); i++) {
      assertThat(shared.get(i).tokenHashes()).as("message %d", i).isEqualTo(alone.get(i).tokenHashes());
      assertThat(shared.get(i).tokenCounts()).isEqualTo(alone.get(i).tokenCounts());
      assertThat(shared.get(i).engineered()).isEqualTo(alone.get(i).engineered());
      assertThat(shared.get(i).text()).isEqualTo(alone.get(i).text());
    }
    assertThat(new Featurizer(extractor, pool, 3).featurize(List.of())).isEmpty();
    assertThat(new Featurizer(extractor, pool, 3).featurize(messages.subList(0, 3))).hasSize(3);
  }

  @Test
  void aMessageThatFailsOnAHelperFailsTheCallWithItsOwnError() throws Exception {
    List<EmailMessage> messages = new ArrayList<>(corpus(64));
    messages.set(60, null); // in the last slice, a helper's
    assertThatThrownBy(() -> new Featurizer(extractor, pool, 3).featurize(messages)).isInstanceOf(NullPointerException.class);
  }

  private static List<EmailMessage> corpus(int count) throws Exception {
    MailParser parser = new MailParser();
    List<EmailMessage> messages = new ArrayList<>();
    for (CorpusExample example : Corpus.load(SpamAssassinArchive.shipped()).examples().subList(0, count)) {
      messages.add(parser.parse(example.raw(), InboundContext.of(example.id(), Instant.EPOCH)));
    }
    return messages;
  }
}
