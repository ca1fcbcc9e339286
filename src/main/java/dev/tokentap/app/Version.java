package dev.tokentap.app;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** TokenTap's version, from the build. */
final class Version {
  private Version() {}

  static String tokentap() {
    try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
      Properties p = new Properties();
      if (in != null) {
        p.load(in);
      }
      return p.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
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
