package io.hookline.launcher.gateway;

import io.hookline.embedded.junit.ExternalPrograms;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Postfix (the Debian package) of the test's own, on loopback: its own configuration
 * directory, queue and ports, relaying every message to a next hop on 127.0.0.1 and asking the
 * milter at {@code milterPort} about each one, as a gateway host is set up with {@code
 * smtpd_milters}. Postfix's master runs as root and its daemons as the {@code postfix} user, so
 * the test needs root; it is skipped with the reason where Postfix or root is missing (failed
 * under CI, where {@code .ci/run} installs Postfix).
 */
final class PostfixInstance implements AutoCloseable {
  private final Path postfix;
  private final Path directory;
  private final int smtpPort;

  private PostfixInstance(Path postfix, Path directory, int smtpPort) {
    this.postfix = postfix;
    this.directory = directory;
    this.smtpPort = smtpPort;
  }

  static PostfixInstance start(int milterPort, int nextHopPort) throws IOException, InterruptedException {
    Path postfix = ExternalPrograms.require("postfix", "apt-get install postfix", Path.of("/usr/sbin/postfix"));
    ExternalPrograms.requireThat("root".equals(System.getProperty("user.name")),
        "Postfix's master process must start as root, and this test runs as " + System.getProperty("user.name"));
    Path directory = Files.createTempDirectory("hookline-postfix-");
    // Postfix's daemons run as the postfix user and must reach their queue through this directory
    Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.createDirectories(directory.resolve("queue"));
    Path data = Files.createDirectories(directory.resolve("data"));
    Files.setOwner(data, directory.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postfix"));
    int smtpPort = freePort();
    Files.writeString(directory.resolve("main.cf"), String.join("\n",
        "compatibility_level = 3.6",
        "queue_directory = " + directory.resolve("queue"),
        "data_directory = " + data,
        "mail_owner = postfix",
        "inet_interfaces = 127.0.0.1",
        "inet_protocols = ipv4",
        "myhostname = gateway-test.localdomain",
        "mydestination =",
        "mynetworks = 127.0.0.0/8",
        "relayhost = [127.0.0.1]:" + nextHopPort,
        "smtpd_relay_restrictions = permit_mynetworks, reject",
        "smtpd_peername_lookup = no",
        "smtp_dns_support_level = disabled",
        "alias_maps =",
        "alias_database =",
        "maillog_file_prefixes = " + directory,
        "maillog_file = " + directory.resolve("postfix.log"),
        // the milter, as the README's recipe sets it
        "smtpd_milters = inet:127.0.0.1:" + milterPort,
        "non_smtpd_milters = $smtpd_milters",
        "milter_default_action = tempfail",
        "milter_protocol = 6",
        ""), StandardCharsets.US_ASCII);
    Files.writeString(directory.resolve("master.cf"), String.join("\n",
        "127.0.0.1:" + smtpPort + " inet n - n - - smtpd",
        "pickup unix n - n 60 1 pickup",
        "cleanup unix n - n - 0 cleanup",
        "qmgr unix n - n 300 1 qmgr",
        "rewrite unix - - n - - trivial-rewrite",
        "bounce unix - - n - 0 bounce",
        "defer unix - - n - 0 bounce",
        "trace unix - - n - 0 bounce",
        "verify unix - - n - 1 verify",
        "flush unix n - n 1000? 0 flush",
        "proxymap unix - - n - - proxymap",
        "smtp unix - - n - - smtp",
        "relay unix - - n - - smtp",
        "showq unix n - n - - showq",
        "error unix - - n - - error",
        "retry unix - - n - - error",
        "discard unix - - n - - discard",
        "anvil unix - - n - 1 anvil",
        "scache unix - - n - 1 scache",
        "postlog unix-dgram n - n - 1 postlogd",
        ""), StandardCharsets.US_ASCII);
    PostfixInstance instance = new PostfixInstance(postfix, directory, smtpPort);
    instance.run("start");
    instance.awaitListening();
    return instance;
  }

  /** Points {@code smtpd_milters} at another milter and reloads, as an operator moves Postfix to another gateway. */
  void useMilter(int milterPort) throws IOException, InterruptedException {
    Path mainCf = directory.resolve("main.cf");
    String config = Files.readString(mainCf, StandardCharsets.US_ASCII)
        .replaceAll("smtpd_milters = inet:127.0.0.1:\\d+", "smtpd_milters = inet:127.0.0.1:" + milterPort);
    Files.writeString(mainCf, config, StandardCharsets.US_ASCII);
    run("reload");
    Thread.sleep(1_500); // smtpd processes pick up the new setting as they are replaced
  }

  int smtpPort() {
    return smtpPort;
  }

  /** Postfix's own log of this instance, for failure messages. */
  String log() {
    try {
      return Files.readString(directory.resolve("postfix.log"), StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /** The queue ids Postfix holds (quarantined by a milter). */
  List<Path> held() throws IOException {
    Path hold = directory.resolve("queue").resolve("hold");
    if (!Files.isDirectory(hold)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(hold)) {
      return files.filter(Files::isRegularFile).toList();
    }
  }

  private void run(String command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(postfix.toString(), "-c", directory.toString(), command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IllegalStateException("postfix " + command + " failed (" + process.exitValue() + "): " + output + "\n" + log());
    }
  }

  private void awaitListening() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      try (Socket probe = new Socket(InetAddress.getLoopbackAddress(), smtpPort)) {
        return;
      } catch (IOException e) {
        Thread.sleep(100);
      }
    }
    throw new IllegalStateException("Postfix did not listen on " + smtpPort + " within 30 s:\n" + log());
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() throws IOException, InterruptedException {
    try {
      run("stop");
    } finally {
      try (Stream<Path> paths = Files.walk(directory)) {
        paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
