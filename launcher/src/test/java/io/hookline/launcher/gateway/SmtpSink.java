package io.hookline.launcher.gateway;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The next hop of the test's Postfix: a minimal SMTP server on 127.0.0.1 that accepts every
 * message and keeps it, so a test reads what Postfix delivered, headers and all.
 */
final class SmtpSink implements AutoCloseable {
  private final ServerSocket socket;
  private final BlockingQueue<String> delivered = new LinkedBlockingQueue<>();
  private final Thread thread;

  SmtpSink() throws IOException {
    socket = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
    thread = new Thread(this::serve, "smtp-sink");
    thread.setDaemon(true);
    thread.start();
  }

  int port() {
    return socket.getLocalPort();
  }

  /** Messages delivered so far, as received after DATA (dot-stuffing undone). */
  BlockingQueue<String> delivered() {
    return delivered;
  }

  private void serve() {
    while (!socket.isClosed()) {
      try (Socket connection = socket.accept()) {
        converse(connection);
      } catch (IOException e) {
        // the next connection, or closed
      }
    }
  }

  private void converse(Socket connection) throws IOException {
    BufferedReader in = new BufferedReader(new InputStreamReader(connection.getInputStream(), StandardCharsets.ISO_8859_1));
    OutputStream out = connection.getOutputStream();
    say(out, "220 sink.test ESMTP");
    String line;
    while ((line = in.readLine()) != null) {
      String command = line.length() >= 4 ? line.substring(0, 4).toUpperCase(java.util.Locale.ROOT) : line;
      switch (command) {
        case "EHLO", "HELO" -> say(out, "250 sink.test");
        case "DATA" -> {
          say(out, "354 go ahead");
          StringBuilder message = new StringBuilder();
          while ((line = in.readLine()) != null && !line.equals(".")) {
            message.append(line.startsWith("..") ? line.substring(1) : line).append("\r\n");
          }
          delivered.add(message.toString());
          say(out, "250 2.0.0 kept");
        }
        case "QUIT" -> {
          say(out, "221 bye");
          return;
        }
        default -> say(out, "250 ok");
      }
    }
  }

  private static void say(OutputStream out, String reply) throws IOException {
    out.write((reply + "\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
