package dev.tokentap.model;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** What the build stamped into the jar. */
public final class BuildInfo {
  private BuildInfo() {}

  /** TokenTap's version ({@code version.properties} beside this class, filled in by Maven). */
  public static String version() {
    try (InputStream in = BuildInfo.class.getResourceAsStream("version.properties")) {
      Properties p = new Properties();
      if (in != null) {
        p.load(in);
      }
      return p.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }
}
