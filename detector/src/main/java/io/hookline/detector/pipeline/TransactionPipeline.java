package io.hookline.detector.pipeline;

import io.hookline.core.topics.KafkaFailures;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Two transactional producers taking turns, so that one batch's transaction commits on a thread of
 * its own while the next batch is decoded, scored and written into the other: a commit costs round
 * trips to the transaction coordinator and a marker write per partition, time the scoring thread
 * would otherwise wait.
 *
 * <p>The scoring thread adds records to the open batch as they arrive and hands the batch over
 * when {@link CommitCadence} says: under light traffic a batch is what came while the last commit
 * ran, under load it grows until the commit's cost is spread thin.
 *
 * <p>Exactly once holds as with one producer: each batch's outputs and consumed offsets commit
 * together in its own transaction. Commits stay in the order the batches were read: a batch's
 * offsets are sent to its transaction only after the batch before it committed, and at most one
 * commit is in flight, so committed offsets never go back. After a failure {@link #recover} aborts
 * every transaction that did not commit and says where to read again; a restart's {@code
 * initTransactions} on both ids ends whatever a crashed process left open.
 *
 * <p>Not thread-safe: one scoring thread calls it; only the commits run on its committer thread.
 */
final class TransactionPipeline implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TransactionPipeline.class);
  /** How long closing waits for the commit in flight, so that a clean stop does not leave it to the next start. */
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

  private final List<KafkaProducer<String, byte[]>> producers;
  private final ExecutorService committer;
  private int turn;
  private Batch open;
  private Commit inFlight;
  private boolean closed;

  /** A batch handed to the committer, with the commit's outcome. */
  private record Commit(Batch batch, Future<?> outcome) {}

  private TransactionPipeline(List<KafkaProducer<String, byte[]>> producers, ExecutorService committer) {
    this.producers = producers;
    this.committer = committer;
  }

  /**
   * Opens both producers and their transactions' state: {@code transactionalId} and {@code
   * transactionalId#2}, each initialized (which ends what an earlier process left open under it).
   */
  static TransactionPipeline open(String transactionalId, Function<String, KafkaProducer<String, byte[]>> producerFor) {
    List<String> ids = transactionalIds(transactionalId);
    KafkaProducer<String, byte[]> first = producerFor.apply(ids.get(0));
    KafkaProducer<String, byte[]> second;
    try {
      second = producerFor.apply(ids.get(1));
    } catch (RuntimeException e) {
      closeQuietly(first);
      throw e;
    }
    ExecutorService committer = Executors.newSingleThreadExecutor(task -> {
      Thread thread = new Thread(task, "detector-commits-" + transactionalId);
      thread.setDaemon(true);
      return thread;
    });
    TransactionPipeline pipeline = new TransactionPipeline(List.of(first, second), committer);
    try {
      first.initTransactions();
      second.initTransactions();
    } catch (RuntimeException e) {
      pipeline.close();
      throw e;
    }
    return pipeline;
  }

  /** The transactional ids the two producers use: the configured one, and the same with {@code #2}. */
  static List<String> transactionalIds(String transactionalId) {
    return List.of(transactionalId, transactionalId + "#2");
  }

  /** The open batch; when none is open, a new one in a transaction begun on the producer whose turn it is. */
  Batch batch(long nowNanos) {
    if (open == null) {
      KafkaProducer<String, byte[]> producer = producers.get(turn);
      producer.beginTransaction();
      open = new Batch(producer, nowNanos);
    }
    return open;
  }

  /** The open batch, or null when none is. */
  Batch openBatch() {
    return open;
  }

  /** True when no commit is in flight or the one in flight has ended: the open batch can be handed over without waiting. */
  boolean committerFree() {
    return inFlight == null || inFlight.outcome().isDone();
  }

  /**
   * Hands the open batch to the committer with its offsets, once the batch before it has
   * committed (waiting for that, and throwing its failure); returns without waiting for this one.
   * {@code afterCommit} runs on the committer thread once the transaction is committed.
   */
  void commitAsync(ConsumerGroupMetadata group, Consumer<Batch> afterCommit) {
    if (open == null || closed) {
      return; // once closed, what is open is left to the producers' next initTransactions
    }
    settle();
    Batch batch = open;
    batch.handedOver(System.nanoTime());
    Map<TopicPartition, OffsetAndMetadata> offsets = batch.nextOffsets();
    Future<?> outcome = committer.submit(() -> {
      batch.producer().sendOffsetsToTransaction(offsets, group);
      batch.producer().commitTransaction();
      afterCommit.accept(batch);
      return null;
    });
    inFlight = new Commit(batch, outcome);
    open = null;
    turn = 1 - turn;
  }

  /** Waits for the commit in flight, if any; throws its failure (and keeps it for {@link #recover}). */
  void settle() {
    if (inFlight == null || closed) {
      return;
    }
    await(inFlight.outcome());
    inFlight = null;
  }

  /**
   * After a failure (of the open batch, or of the commit before it): waits for the commit in
   * flight, aborts every transaction that did not commit and returns, for each partition, the
   * offset to read again from (the first record of the earliest batch that did not commit). Throws
   * when an abort fails: the clients must then be replaced, and the next producers' {@code
   * initTransactions} end what these left open.
   */
  Map<TopicPartition, Long> recover(RuntimeException cause) {
    Map<TopicPartition, Long> readAgain = new HashMap<>();
    if (inFlight != null) {
      Commit commit = inFlight;
      inFlight = null;
      try {
        await(commit.outcome());
      } catch (RuntimeException commitFailure) {
        if (KafkaFailures.isUnrecoverable(commitFailure)) {
          throw commitFailure;
        }
        abort(commit.batch().producer(), commitFailure);
        commit.batch().firstOffsets(readAgain);
      }
    }
    if (open != null) {
      Batch batch = open;
      open = null;
      abort(batch.producer(), cause);
      batch.firstOffsets(readAgain);
    }
    return readAgain;
  }

  /**
   * Waits a little for the commit in flight, then closes the committer and both producers without
   * waiting long; after that, {@link #commitAsync} and {@link #settle} do nothing.
   */
  @Override
  public void close() {
    closed = true;
    if (inFlight != null) {
      try {
        inFlight.outcome().get(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (ExecutionException | TimeoutException e) {
        log.debug("the last batch's commit did not complete before closing: {}", e.toString());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    committer.shutdownNow();
    producers.forEach(TransactionPipeline::closeQuietly);
  }

  private static void await(Future<?> outcome) {
    try {
      outcome.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptException(e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException failure) {
        throw failure;
      }
      throw new IllegalStateException("committing a batch failed: " + e.getCause(), e.getCause());
    }
  }

  /** Aborts a producer's open transaction; when even that fails, throws so that the clients are replaced. */
  private static void abort(KafkaProducer<String, byte[]> producer, RuntimeException cause) {
    try {
      producer.abortTransaction();
    } catch (RuntimeException e) {
      if (KafkaFailures.isUnrecoverable(e)) {
        throw e;
      }
      IllegalStateException replace = new IllegalStateException("could not abort after " + cause + ": " + e, e);
      replace.addSuppressed(cause);
      throw replace;
    }
  }

  private static void closeQuietly(KafkaProducer<String, byte[]> producer) {
    try {
      producer.close(Duration.ofSeconds(2));
    } catch (RuntimeException e) {
      log.debug("closing a producer: {}", e.toString());
    }
  }
}
