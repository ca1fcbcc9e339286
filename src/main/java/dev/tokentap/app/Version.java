package dev.tokentap.app;

import dev.tokentap.model.BuildInfo;

/** TokenTap's version, from the build. */
final class Version {
  private Version() {}

  static String tokentap() {
    return BuildInfo.version();
  }

  static String describe() {
    return "TokenTap "
        + tokentap()
        + "\nJava "
        + Runtime.version()
        + " ("
        + System.getProperty("java.vendor")
        + ")";
  }
}
