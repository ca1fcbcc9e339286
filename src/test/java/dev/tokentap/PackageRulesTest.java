package dev.tokentap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.constantpool.ClassEntry;
import java.lang.classfile.constantpool.PoolEntry;
import java.lang.classfile.constantpool.Utf8Entry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the layering of DESIGN.md true, by reading every compiled main class's constant pool: which
 * of our packages each may use, and no JavaFX below {@code ui}.
 */
class PackageRulesTest {

  private static final Path CLASSES = Path.of("target/classes");
  private static final String BASE = "dev/tokentap/";

  /** Which of our packages a package may use (itself always). {@code app} may use all. */
  private static final Map<String, Set<String>> MAY_USE =
      Map.ofEntries(
          Map.entry("model", Set.of()),
          Map.entry("endpoint", Set.of("model")),
          Map.entry("forward", Set.of("model")),
          Map.entry("metrics", Set.of("model", "endpoint")),
          Map.entry("capture", Set.of("model")),
          Map.entry("store", Set.of("model", "capture")),
          Map.entry("export", Set.of("model", "endpoint", "store", "capture", "metrics")),
          Map.entry("fleet", Set.of("model", "forward", "capture")),
          Map.entry("server", Set.of("model")),
          Map.entry("replay", Set.of("model", "endpoint", "metrics", "capture", "store", "server")),
          Map.entry("demo", Set.of("endpoint")),
          Map.entry("conversation", Set.of("model", "endpoint")));

  /** Only {@code server} (and {@code app}, which wires it) talk OkHttp; the forwarder is Netty. */
  private static final Set<String> MAY_USE_OKHTTP = Set.of("server", "app");

  @Test
  void packagesUseOnlyWhatTheyMay() throws IOException {
    List<String> violations = new ArrayList<>();
    for (Path file : classFiles()) {
      ClassModel model = ClassFile.of().parse(file);
      String own = topPackage(model.thisClass().asInternalName());
      Set<String> allowed = MAY_USE.get(own);
      for (String used : referencedClasses(model)) {
        if (used.startsWith("javafx/") && !own.equals("ui") && !own.equals("app")) {
          violations.add(model.thisClass().asInternalName() + " uses " + used);
        }
        if (used.startsWith("okhttp3/") && !MAY_USE_OKHTTP.contains(own)) {
          violations.add(model.thisClass().asInternalName() + " uses " + used);
        }
        if (!used.startsWith(BASE)) {
          continue;
        }
        String target = topPackage(used);
        if (target.equals("app") && !own.equals("app")) {
          violations.add(model.thisClass().asInternalName() + " uses " + used);
        }
        if (allowed != null && !target.equals(own) && !allowed.contains(target)) {
          violations.add(model.thisClass().asInternalName() + " uses " + used);
        }
      }
    }
    assertThat(violations).isEmpty();
  }

  /**
   * Of {@code forward}, the UI knows the listener it is handed exchanges through and the live view
   * of a running one, nothing else; of {@code store}, the read side, never the store that writes,
   * the recorder or retention.
   */
  private static final Set<String> UI_MAY_USE_OF_FORWARD =
      Set.of(BASE + "forward/ExchangeListener", BASE + "forward/InFlightExchange");

  private static final Set<String> UI_MUST_NOT_USE_OF_STORE =
      Set.of(
          BASE + "store/ExchangeStore",
          BASE + "store/Recorder",
          BASE + "store/ExchangeWriter",
          BASE + "store/SessionFileWriter",
          BASE + "store/Pruner",
          BASE + "store/RetentionRunner");

  @Test
  void theUiReadsTheStoreAndSeesTheForwarderOnlyThroughItsListener() throws IOException {
    List<String> violations = new ArrayList<>();
    for (Path file : classFiles()) {
      ClassModel model = ClassFile.of().parse(file);
      if (!topPackage(model.thisClass().asInternalName()).equals("ui")) {
        continue;
      }
      for (String used : referencedClasses(model)) {
        String outer = used.contains("$") ? used.substring(0, used.indexOf('$')) : used;
        boolean forward = outer.startsWith(BASE + "forward/");
        if ((forward && !UI_MAY_USE_OF_FORWARD.contains(outer))
            || UI_MUST_NOT_USE_OF_STORE.contains(outer)
            || outer.startsWith(BASE + "fleet/")
            || outer.startsWith(BASE + "demo/")) {
          violations.add(model.thisClass().asInternalName() + " uses " + used);
        }
      }
    }
    assertThat(violations).isEmpty();
  }

  /** Issue 13: no main class over this many lines. */
  private static final int MAX_LINES = 400;

  @Test
  void noMainClassIsOver400Lines() throws IOException {
    Path sources = Path.of("src/main/java/dev/tokentap");
    List<String> over = new ArrayList<>();
    try (Stream<Path> files = Files.walk(sources)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        String name = sources.relativize(file).toString().replace('\\', '/');
        long lines = Files.readAllLines(file).size();
        if (lines > MAX_LINES) {
          over.add(name + " (" + lines + " lines)");
        }
      }
    }
    assertThat(over).isEmpty();
  }

  @Test
  void theRuleSeesTheClasses() throws IOException {
    assertThat(classFiles()).hasSizeGreaterThan(10);
  }

  private static List<Path> classFiles() throws IOException {
    try (Stream<Path> files = Files.walk(CLASSES)) {
      return files.filter(p -> p.toString().endsWith(".class")).toList();
    }
  }

  private static String topPackage(String internalName) {
    String rest = internalName.substring(BASE.length());
    int slash = rest.indexOf('/');
    return slash < 0 ? "" : rest.substring(0, slash);
  }

  /** Class names in the constant pool, including those only named in descriptors. */
  private static Set<String> referencedClasses(ClassModel model) {
    Set<String> names = new TreeSet<>();
    for (PoolEntry e : model.constantPool()) {
      if (e instanceof ClassEntry c) {
        String n = c.asInternalName();
        names.add(n.startsWith("[") ? n.replaceAll("^\\[+L?|;$", "") : n);
      } else if (e instanceof Utf8Entry u) {
        String s = u.stringValue();
        int i = 0;
        while ((i = s.indexOf('L', i)) >= 0) {
          int end = s.indexOf(';', i);
          if (end < 0) {
            break;
          }
          String candidate = s.substring(i + 1, end);
          if (candidate.startsWith(BASE)
              || candidate.startsWith("javafx/")
              || candidate.startsWith("okhttp3/")) {
            names.add(candidate);
          }
          i = end;
        }
      }
    }
    return names;
  }
}
