package dev.tokentap.app;

/**
 * The jar's entry point, compiled for Java 8 so that an older {@code java} on the PATH gets a clear
 * sentence instead of an {@code UnsupportedClassVersionError}; on Java 25 or newer it hands over to
 * {@link Launcher}.
 */
public final class JavaVersionCheck {

  static final int REQUIRED = 25;

  private JavaVersionCheck() {}

  public static void main(String[] args) throws Exception {
    String spec = System.getProperty("java.specification.version", "0");
    if (feature(spec) < REQUIRED) {
      System.err.println(
          "tokentap: needs Java "
              + REQUIRED
              + " or newer, but this is Java "
              + spec
              + " ("
              + System.getProperty("java.home")
              + "). Install JDK "
              + REQUIRED
              + " and start TokenTap with its java, e.g."
              + " /usr/lib/jvm/temurin-25-jdk-amd64/bin/java -jar tokentap.jar");
      System.exit(1);
    }
    Class.forName("dev.tokentap.app.Launcher")
        .getMethod("main", String[].class)
        .invoke(null, (Object) args);
  }

  /** "1.8" is 8, "17" is 17. */
  static int feature(String spec) {
    String s = spec.startsWith("1.") ? spec.substring(2) : spec;
    int dot = s.indexOf('.');
    try {
      return Integer.parseInt(dot < 0 ? s : s.substring(0, dot));
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
