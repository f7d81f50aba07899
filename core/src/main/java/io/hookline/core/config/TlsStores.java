package io.hookline.core.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The TLS material of an HTTPS client, as Java and Kafka name it: a trust store (the certificate
 * authorities to believe; none means the JDK's own) and an optional key store (a client
 * certificate). Passwords are never printed.
 *
 * @param trustStore a PKCS12 or JKS file, or null for the JDK's default authorities
 * @param keyStore a PKCS12 or JKS file with the client's key and certificate, or null
 */
public record TlsStores(Path trustStore, char[] trustStorePassword, String trustStoreType,
    Path keyStore, char[] keyStorePassword, String keyStoreType, char[] keyPassword) {

  /** The stores under {@code prefix}: {@code ssl.truststore.location}, {@code ssl.keystore.password} and so on. */
  public static TlsStores from(ConfigSource config, String prefix) {
    return new TlsStores(
        config.optional(prefix + "ssl.truststore.location").map(Path::of).orElse(null),
        password(config, prefix + "ssl.truststore.password"),
        config.string(prefix + "ssl.truststore.type", "PKCS12"),
        config.optional(prefix + "ssl.keystore.location").map(Path::of).orElse(null),
        password(config, prefix + "ssl.keystore.password"),
        config.string(prefix + "ssl.keystore.type", "PKCS12"),
        password(config, prefix + "ssl.key.password"));
  }

  /** True when neither store is set: the JDK's defaults serve. */
  public boolean isDefault() {
    return trustStore == null && keyStore == null;
  }

  /**
   * The TLS context these stores make.
   *
   * @throws ConfigException naming the store that cannot be read, with the reason
   */
  public SSLContext context() {
    try {
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(trustStore == null ? null : load(trustStore, trustStoreType, trustStorePassword, "trust store"));
      KeyManagerFactory keys = null;
      if (keyStore != null) {
        keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(load(keyStore, keyStoreType, keyStorePassword, "key store"), keyPassword != null ? keyPassword : keyStorePassword);
      }
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new ConfigException("cannot build a TLS context from " + this + ": " + e.getMessage());
    }
  }

  private static KeyStore load(Path file, String type, char[] password, String what) throws GeneralSecurityException {
    if (!Files.isReadable(file)) {
      throw new ConfigException("the " + what + " " + file + " does not exist or cannot be read");
    }
    KeyStore store = KeyStore.getInstance(type);
    try (InputStream in = Files.newInputStream(file)) {
      store.load(in, password);
    } catch (IOException e) {
      throw new ConfigException("cannot read the " + what + " " + file + " (a wrong password or type?): " + e.getMessage());
    }
    return store;
  }

  private static char[] password(ConfigSource config, String key) {
    return config.optional(key).map(String::toCharArray).orElse(null);
  }

  @Override
  public String toString() {
    return "TlsStores[trustStore=" + (trustStore == null ? "JDK default" : trustStore)
        + ", keyStore=" + (keyStore == null ? "none" : keyStore) + "]";
  }
}
