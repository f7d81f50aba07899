package io.hookline.embedded.junit;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP link on 127.0.0.1 between clients and a server (the embedded broker), which a test can
 * freeze, resume and cut, as a network partition or a stopped broker would.
 *
 * <p>Frozen, it still accepts connections (as a kernel does for a stopped process) but moves no
 * byte in either direction: clients see requests time out, not connections refused. Resumed, the
 * bytes held back flow again. Cut, every open connection is closed, as a broker restart closes
 * them. The target can change while the link runs, so a restarted server may listen elsewhere.
 */
public final class FaultyLink implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(FaultyLink.class);

  private final ServerSocket listener;
  private final List<Socket> open = new CopyOnWriteArrayList<>();
  private final Object gate = new Object();
  private volatile boolean frozen;
  private volatile boolean closed;
  private volatile int targetPort;
  private volatile long delayMillis;

  private FaultyLink(ServerSocket listener) {
    this.listener = listener;
  }

  /** Opens the link on a free port; {@link #target} says where it leads. */
  public static FaultyLink open() throws IOException {
    ServerSocket listener = new ServerSocket();
    listener.setReuseAddress(true);
    listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
    FaultyLink link = new FaultyLink(listener);
    Thread acceptor = new Thread(link::accept, "faulty-link-accept");
    acceptor.setDaemon(true);
    acceptor.start();
    return link;
  }

  /** The port clients connect to. */
  public int port() {
    return listener.getLocalPort();
  }

  /** Where new connections lead from now on. */
  public FaultyLink target(int port) {
    this.targetPort = port;
    return this;
  }

  /** Holds every chunk of bytes this long before passing it on, as a slow network would (0: none). */
  public void delay(Duration delay) {
    this.delayMillis = delay.toMillis();
  }

  /** Stops every byte, in both directions, until {@link #resume}. */
  public void freeze() {
    frozen = true;
    log.info("link {} frozen", port());
  }

  public void resume() {
    synchronized (gate) {
      frozen = false;
      gate.notifyAll();
    }
    log.info("link {} resumed", port());
  }

  /** Closes every open connection; new ones are accepted as before. */
  public void cut() {
    for (Socket socket : open) {
      closeQuietly(socket);
    }
    open.clear();
  }

  private void accept() {
    while (!closed) {
      try {
        Socket client = listener.accept();
        awaitThaw();
        Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
        open.add(client);
        open.add(server);
        pump(client, server, "up");
        pump(server, client, "down");
      } catch (IOException e) {
        if (!closed) {
          log.debug("link {}: {}", port(), e.toString());
        }
      }
    }
  }

  private void pump(Socket from, Socket to, String direction) {
    Thread thread = new Thread(() -> {
      byte[] buffer = new byte[64 * 1024];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
          if (delayMillis > 0) {
            Thread.sleep(delayMillis);
          }
          awaitThaw();
          out.write(buffer, 0, n);
          out.flush();
        }
      } catch (IOException e) {
        // a side closed: close the other
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        closeQuietly(from);
        closeQuietly(to);
        open.remove(from);
        open.remove(to);
      }
    }, "faulty-link-" + direction);
    thread.setDaemon(true);
    thread.start();
  }

  private void awaitThaw() {
    synchronized (gate) {
      while (frozen && !closed) {
        try {
          gate.wait(1000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  private static void closeQuietly(Closeable closeable) {
    try {
      closeable.close();
    } catch (IOException e) {
      // closing anyway
    }
  }

  @Override
  public void close() {
    closed = true;
    resume();
    closeQuietly(listener);
    cut();
  }
}
