package io.hookline.launcher;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar's manifest, and the JVM it runs on. */
public final class HooklineVersion implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String version = HooklineVersion.class.getPackage().getImplementationVersion();
    return new String[] {
      "hookline " + (version == null ? "(development build)" : version),
      "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"
    };
  }
}
