package io.hookline.gateway.milter;

import io.hookline.avro.Envelope;
import io.hookline.gateway.check.Decision;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The milter listener ({@code smtpd_milters = inet:HOST:PORT} in Postfix, {@code INPUT_MAIL_FILTER}
 * in Sendmail): one thread per MTA connection, at most {@code maxConnections} at once; a
 * connection beyond that is closed at once, and the MTA applies its default action (Postfix's
 * {@code milter_default_action}). A connection silent for {@code idleTimeout} is closed; a peer
 * that does not speak the protocol is dropped without harm to the others.
 */
public final class MilterServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(MilterServer.class);

  private final ServerSocket socket;
  private final ExecutorService connections;
  private final Semaphore slots;
  private final Duration idleTimeout;
  private final int maxMessageBytes;
  private final BiFunction<byte[], Envelope, Decision> decide;
  private final AtomicInteger open = new AtomicInteger();
  private final Thread acceptor;
  private volatile boolean running = true;

  private MilterServer(ServerSocket socket, int maxConnections, Duration idleTimeout, int maxMessageBytes,
      BiFunction<byte[], Envelope, Decision> decide) {
    this.socket = socket;
    this.slots = new Semaphore(maxConnections);
    this.idleTimeout = idleTimeout;
    this.maxMessageBytes = maxMessageBytes;
    this.decide = decide;
    AtomicInteger number = new AtomicInteger();
    this.connections = Executors.newCachedThreadPool(task -> {
      Thread thread = new Thread(task, "gateway-milter-" + number.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    this.acceptor = new Thread(this::accept, "gateway-milter-accept");
    this.acceptor.setDaemon(true);
  }

  /**
   * Listens on {@code bind:port} (0 picks a free port) and starts accepting.
   *
   * @param decide a raw message and its envelope to the decision (blocks up to the verdict timeout)
   */
  public static MilterServer start(String bind, int port, int maxConnections, Duration idleTimeout, int maxMessageBytes,
      BiFunction<byte[], Envelope, Decision> decide) {
    try {
      ServerSocket socket = new ServerSocket();
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getByName(bind), port), 128);
      MilterServer server = new MilterServer(socket, maxConnections, idleTimeout, maxMessageBytes, decide);
      server.acceptor.start();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen for milter connections on " + bind + ":" + port, e);
    }
  }

  public int port() {
    return socket.getLocalPort();
  }

  /** MTA connections open now. */
  public int openConnections() {
    return open.get();
  }

  public boolean isAlive() {
    return acceptor.isAlive();
  }

  private void accept() {
    while (running) {
      Socket connection;
      try {
        connection = socket.accept();
      } catch (IOException e) {
        if (running) {
          log.warn("milter listener failed to accept: {}", e.toString());
          continue;
        }
        return;
      }
      if (!slots.tryAcquire()) {
        log.warn("milter connection from {} refused: {} connections are open already", connection.getInetAddress(), open.get());
        closeQuietly(connection);
        continue;
      }
      connections.execute(() -> serve(connection));
    }
  }

  private void serve(Socket connection) {
    open.incrementAndGet();
    try (connection) {
      connection.setSoTimeout((int) Math.min(Integer.MAX_VALUE, idleTimeout.toMillis()));
      connection.setTcpNoDelay(true);
      new MilterSession(
          new DataInputStream(new BufferedInputStream(connection.getInputStream())),
          new DataOutputStream(new BufferedOutputStream(connection.getOutputStream())),
          maxMessageBytes, decide).serve();
    } catch (MilterProtocolException e) {
      log.warn("milter connection from {} dropped: {}", connection.getInetAddress(), e.getMessage());
    } catch (SocketException e) {
      log.debug("milter connection from {} ended: {}", connection.getInetAddress(), e.toString());
    } catch (IOException e) {
      log.info("milter connection from {} ended: {}", connection.getInetAddress(), e.toString());
    } catch (RuntimeException e) {
      log.error("milter connection from {} failed", connection.getInetAddress(), e);
    } finally {
      open.decrementAndGet();
      slots.release();
    }
  }

  private static void closeQuietly(Socket connection) {
    try {
      connection.close();
    } catch (IOException e) {
      // nothing more to do with a connection refused
    }
  }

  @Override
  public void close() {
    running = false;
    try {
      socket.close();
    } catch (IOException e) {
      log.debug("closing the milter listener: {}", e.toString());
    }
    connections.shutdownNow();
    try {
      connections.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
