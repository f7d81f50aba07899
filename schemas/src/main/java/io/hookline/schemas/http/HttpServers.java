package io.hookline.schemas.http;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import javax.net.ssl.SSLContext;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.eclipse.jetty.http.spi.JettyHttpServer;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The HTTP servers of Hookline (the services' metrics, health and APIs, the embedded schema
 * registry): Jetty behind the JDK's {@link HttpServer} API, so handlers are written once against
 * that small API while connections are served by a server that a slow or malicious client cannot
 * freeze. The JDK's own server reads a request's headers on its single dispatcher thread: one
 * connection sending half a request held up every other client. Here reading is non-blocking, so
 * a partial request holds no thread; a connection idle for {@link Limits#idleTimeout} is closed;
 * request headers over {@link Limits#maxHeaderBytes} are refused (431); at most {@link
 * Limits#maxConnections} connections are accepted at once; handlers run on a bounded pool.
 *
 * <p>It lives in {@code schemas} because that is the one module below both the services (through
 * {@code core}) and the embedded registry.
 */
public final class HttpServers {
  private HttpServers() {}

  /**
   * What one client may take of a server.
   *
   * @param idleTimeout how long a connection may send nothing before it is closed
   * @param maxHeaderBytes the largest request line and headers accepted
   * @param maxConnections connections open at once; more wait in the accept queue
   * @param maxThreads threads running handlers (and Jetty's own selector and acceptor)
   */
  public record Limits(Duration idleTimeout, int maxHeaderBytes, int maxConnections, int maxThreads) {
    public Limits {
      if (idleTimeout.isNegative() || idleTimeout.isZero() || maxHeaderBytes < 1024 || maxConnections < 1 || maxThreads < 6) {
        throw new IllegalArgumentException("HTTP limits need a positive idle timeout, headers of at least 1 KB, "
            + "a connection and 6 threads: " + this);
      }
    }

    /** Ten seconds of silence, 16 KB of headers, 512 connections, 16 threads. */
    public static Limits defaults() {
      return new Limits(Duration.ofSeconds(10), 16 * 1024, 512, 16);
    }
  }

  /**
   * A server bound to {@code address}, not yet started: add contexts, then {@code start()}.
   * {@code getAddress()} gives the port chosen when {@code address} has port 0, once started.
   */
  public static HttpServer create(InetSocketAddress address, Limits limits, String name) throws IOException {
    return create(address, limits, name, null);
  }

  /**
   * A server as {@link #create(InetSocketAddress, Limits, String)} makes, speaking HTTPS with
   * {@code tls} (its key manager holds the server's certificate); null for plain HTTP.
   */
  public static HttpServer create(InetSocketAddress address, Limits limits, String name, SSLContext tls) throws IOException {
    QueuedThreadPool threads = new QueuedThreadPool(limits.maxThreads(), 2);
    threads.setName(name + "-http");
    threads.setDaemon(true);
    Server server = new Server(threads);
    server.setHandler(new ContextHandlerCollection()); // where the contexts the SPI creates are added
    HttpConfiguration http = new HttpConfiguration();
    http.setRequestHeaderSize(limits.maxHeaderBytes());
    http.setSendServerVersion(false);
    http.setSendXPoweredBy(false);
    JettyHttpServer httpServer = new JettyHttpServer(server, false, http);
    httpServer.bind(address, 128);
    for (Connector connector : server.getConnectors()) {
      if (connector instanceof AbstractConnector bound) {
        bound.setIdleTimeout(limits.idleTimeout().toMillis());
        if (tls != null) {
          SslContextFactory.Server factory = new SslContextFactory.Server();
          factory.setSslContext(tls);
          bound.addFirstConnectionFactory(new SslConnectionFactory(factory, HttpVersion.HTTP_1_1.asString()));
        }
      }
    }
    server.addBean(new NetworkConnectionLimit(limits.maxConnections(), server));
    server.setStopTimeout(1000);
    return httpServer;
  }
}
