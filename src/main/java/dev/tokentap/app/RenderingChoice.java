package dev.tokentap.app;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Chooses JavaFX's software pipeline before the toolkit starts where its ES2 (OpenGL) pipeline
 * would be refused anyway (decision 0030).
 *
 * <p>On Linux, JavaFX tries ES2 first: it loads the system's OpenGL and accepts it only when the GL
 * vendor starts with one of AMD, ATI, Intel, NVIDIA, nouveau or X.Org (its "Graphics Hardware
 * Qualifier"); Mesa's software rasterizers (llvmpipe, softpipe) say "Mesa" and are refused, and
 * JavaFX falls back to its own software pipeline. Without a GPU device (no DRI render node {@code
 * /dev/dri/renderD*}, no NVIDIA device {@code /dev/nvidia*}) Mesa can only rasterize in software,
 * so the probe is certain to fail, yet it leaves Mesa's llvmpipe loaded (libLLVM and swrast_dri, 47
 * MiB resident on the development VM); and GTK loads the same libraries on its own to look at the
 * display's GL visuals unless {@code GDK_GL=disable}. There the choice is made up front: {@code
 * prism.order=sw}, and {@code GDK_GL=disable} for this process. A machine with a GPU device keeps
 * JavaFX's own choice; so does a user who set {@code prism.order} (or {@code prism.forceGPU}, which
 * accepts any GL).
 */
final class RenderingChoice {

  /** What was chosen, and why (one line for the log). */
  record Choice(boolean software, String reason) {}

  private static final AtomicBoolean APPLIED = new AtomicBoolean();

  private RenderingChoice() {}

  /**
   * The rule, on its inputs: {@code osName} the {@code os.name} property, {@code prismOrder} and
   * {@code forceGpu} the user's {@code prism.order} and {@code prism.forceGPU} (null when not set),
   * {@code dev} the device directory ({@code /dev}).
   */
  static Choice decide(String osName, String prismOrder, String forceGpu, Path dev) {
    if (osName == null || !osName.toLowerCase(Locale.ROOT).startsWith("linux")) {
      return new Choice(false, "not Linux: JavaFX chooses its pipeline");
    }
    if (prismOrder != null) {
      return new Choice(false, "prism.order=" + prismOrder + " set by the user");
    }
    if (forceGpu != null) {
      return new Choice(false, "prism.forceGPU=" + forceGpu + " set by the user");
    }
    Optional<Path> gpu = first(dev.resolve("dri"), "renderD*").or(() -> first(dev, "nvidia*"));
    if (gpu.isPresent()) {
      return new Choice(false, "GPU device " + gpu.get() + ": JavaFX chooses its pipeline");
    }
    return new Choice(
        true,
        "no GPU device (no "
            + dev.resolve("dri").resolve("renderD*")
            + ", no "
            + dev.resolve("nvidia*")
            + "): software pipeline (prism.order=sw, GDK_GL=disable)");
  }

  /**
   * Decides for this process and applies the choice, once, before the toolkit starts; says on
   * {@code err} when the software pipeline was chosen (and with {@code -Dprism.verbose=true}, also
   * when it was not).
   */
  static void apply(PrintStream err) {
    if (!APPLIED.compareAndSet(false, true)) {
      return;
    }
    Choice choice =
        decide(
            System.getProperty("os.name"),
            System.getProperty("prism.order"),
            System.getProperty("prism.forceGPU"),
            Path.of("/dev"));
    if (choice.software()) {
      System.setProperty("prism.order", "sw");
      if (System.getenv("GDK_GL") == null && !setenv("GDK_GL", "disable")) {
        err.println("tokentap: could not set GDK_GL=disable; GTK may load OpenGL");
      }
    }
    if (choice.software() || Boolean.getBoolean("prism.verbose")) {
      err.println("tokentap: " + choice.reason());
    }
  }

  /** The first entry of {@code dir} matching {@code glob}; empty when none or unreadable. */
  private static Optional<Path> first(Path dir, String glob) {
    if (!Files.isDirectory(dir)) {
      return Optional.empty();
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, glob)) {
      for (Path p : entries) {
        return Optional.of(p);
      }
    } catch (IOException | SecurityException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  /**
   * libc's {@code setenv(name, value, 0)} for this process, so that GTK, which reads its
   * environment when the toolkit starts, sees it (Java's own view of the environment is fixed at
   * start-up and is not changed). False when it could not be called.
   */
  @SuppressWarnings("restricted") // the process is started with --enable-native-access
  private static boolean setenv(String name, String value) {
    try {
      Linker linker = Linker.nativeLinker();
      Optional<MemorySegment> symbol = linker.defaultLookup().find("setenv");
      if (symbol.isEmpty()) {
        return false;
      }
      MethodHandle setenv =
          linker.downcallHandle(
              symbol.get(),
              FunctionDescriptor.of(
                  ValueLayout.JAVA_INT,
                  ValueLayout.ADDRESS,
                  ValueLayout.ADDRESS,
                  ValueLayout.JAVA_INT));
      try (Arena arena = Arena.ofConfined()) {
        int rc = (int) setenv.invokeExact(arena.allocateFrom(name), arena.allocateFrom(value), 0);
        return rc == 0;
      }
    } catch (Throwable e) {
      return false;
    }
  }
}
