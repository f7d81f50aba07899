package io.hookline.embedded.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A self-signed certificate for 127.0.0.1 and localhost, made with the JDK's {@code keytool}: a
 * PKCS12 key store for a server (the embedded broker's SASL_SSL listener, the embedded registry's
 * HTTPS) and a PKCS12 trust store holding only that certificate, for the clients. What a secured
 * cluster's operator hands out, made in a few hundred milliseconds for tests and demos.
 *
 * @param keyStore the server's key and certificate
 * @param trustStore the certificate alone
 * @param password the password of both stores
 */
public record LoopbackCertificate(Path keyStore, Path trustStore, String password) {

  /** Makes the stores in {@code directory}. */
  public static LoopbackCertificate create(Path directory) throws IOException {
    Files.createDirectories(directory);
    String password = "hookline-test";
    Path keyStore = directory.resolve("server.p12");
    Path certificate = directory.resolve("server.crt");
    Path trustStore = directory.resolve("trust.p12");
    for (Path stale : List.of(keyStore, certificate, trustStore)) {
      Files.deleteIfExists(stale);
    }
    keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "30",
        "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost",
        "-keystore", keyStore.toString(), "-storetype", "PKCS12", "-storepass", password, "-keypass", password);
    keytool("-exportcert", "-alias", "server", "-rfc", "-file", certificate.toString(),
        "-keystore", keyStore.toString(), "-storetype", "PKCS12", "-storepass", password);
    keytool("-importcert", "-noprompt", "-alias", "server", "-file", certificate.toString(),
        "-keystore", trustStore.toString(), "-storetype", "PKCS12", "-storepass", password);
    return new LoopbackCertificate(keyStore, trustStore, password);
  }

  /** A server-side TLS context with the key store, for an HTTPS listener. */
  public SSLContext serverContext() {
    try (InputStream in = Files.newInputStream(keyStore)) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(in, password.toCharArray());
      KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(store, password.toCharArray());
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys.getKeyManagers(), null, null);
      return context;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot load the key store " + keyStore, e);
    }
  }

  private static void keytool(String... arguments) throws IOException {
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    List<String> command = new java.util.ArrayList<>(List.of(keytool.toString()));
    command.addAll(List.of(arguments));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IOException("keytool " + arguments[0] + " failed: " + output.strip());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running keytool", e);
    }
  }
}
