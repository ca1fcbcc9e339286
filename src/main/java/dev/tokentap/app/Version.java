package dev.tokentap.app;

import dev.tokentap.model.BuildInfo;

/** TokenTap's version, from the build, and the versions of the Java and JavaFX it runs on. */
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
        + ")"
        + "\nJavaFX "
        + javafx();
  }

  /**
   * The JavaFX runtime's version, read from its {@code VersionInfo} class without starting the
   * toolkit (so {@code --version} works without a display); "not found" when JavaFX is missing.
   */
  static String javafx() {
    String started = System.getProperty("javafx.runtime.version");
    if (started != null) {
      return started;
    }
    try {
      Class<?> info = Class.forName("com.sun.javafx.runtime.VersionInfo");
      return String.valueOf(info.getMethod("getRuntimeVersion").invoke(null));
    } catch (ReflectiveOperationException | LinkageError e) {
      return "not found";
    }
  }
}
