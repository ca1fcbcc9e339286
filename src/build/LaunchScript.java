import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes two files into the build directory (its one argument), both naming the JDK this program
 * runs on. The build runs it with the JDK that maven-toolchains-plugin selected (exec-maven-plugin,
 * {@code <toolchain>jdk</toolchain>}), so they point at JDK 25 even when Maven itself runs on an
 * older Java, with no JAVA_HOME (decision 0015):
 *
 * <ul>
 *   <li>{@code tokentap}: a shell script that runs {@code tokentap.jar} (beside it) on that JDK; it
 *       {@code exec}s java, so signals and the exit code are TokenTap's own;
 *   <li>{@code jdk.properties}: {@code jdk.home}, for the jpackage step of {@code -Ppackage}.
 * </ul>
 *
 * <p>Run by the build as a single-file program: {@code java LaunchScript.java target}.
 */
public class LaunchScript {
  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args[0]);
    Path home = Path.of(System.getProperty("java.home"));
    Path java = home.resolve("bin").resolve("java");
    String script =
        """
        #!/bin/sh
        # Written by the build (src/build/LaunchScript.java): tokentap.jar on the JDK the build used.
        exec '%s' --enable-native-access=ALL-UNNAMED -jar "$(dirname "$0")/tokentap.jar" "$@"
        """
            .formatted(java.toString().replace("'", "'\\''"));
    Path out = dir.resolve("tokentap");
    Files.writeString(out, script);
    try {
      Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rwxr-xr-x"));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: run `sh target/tokentap`
    }
    // a properties file: backslashes (Windows paths) escaped
    Files.writeString(
        dir.resolve("jdk.properties"),
        "jdk.home=" + home.toString().replace("\\", "\\\\") + "\n");
  }
}
