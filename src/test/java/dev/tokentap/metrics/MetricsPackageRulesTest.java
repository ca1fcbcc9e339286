package dev.tokentap.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.constantpool.ClassEntry;
import java.lang.classfile.constantpool.PoolEntry;
import java.lang.classfile.constantpool.Utf8Entry;
import java.lang.reflect.AccessFlag;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The package's rules, checked on its compiled classes: it depends only on the model, the endpoint
 * families, the JDK and Jackson (never javafx or other project packages), and its only public type
 * is the factory.
 */
class MetricsPackageRulesTest {

  private static final List<String> ALLOWED =
      List.of(
          "java/",
          "dev/tokentap/model/",
          "dev/tokentap/endpoint/",
          "dev/tokentap/metrics/",
          "com/fasterxml/jackson/");
  private static final Pattern TYPE_IN_DESCRIPTOR = Pattern.compile("L([\\w/$]+);");

  private static List<ClassModel> compiledClasses() throws IOException, URISyntaxException {
    // The main classes' folder (getResource(".") would find the test classes' one first).
    Path dir =
        Path.of(MetricsMeterFactory.class.getResource("MetricsMeterFactory.class").toURI())
            .getParent();
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> classes = files.filter(p -> p.toString().endsWith(".class")).toList();
      assertThat(classes).hasSizeGreaterThan(10);
      return classes.stream()
          .map(
              p -> {
                try {
                  return ClassFile.of().parse(Files.readAllBytes(p));
                } catch (IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              })
          .toList();
    }
  }

  @Test
  void dependsOnlyOnModelEndpointJdkAndJackson() throws IOException, URISyntaxException {
    Set<String> foreign = new TreeSet<>();
    for (ClassModel model : compiledClasses()) {
      for (PoolEntry entry : model.constantPool()) {
        if (entry instanceof ClassEntry c) {
          check(c.asInternalName().replaceAll("^\\[+L?|;$", ""), foreign);
        } else if (entry instanceof Utf8Entry u) {
          Matcher m = TYPE_IN_DESCRIPTOR.matcher(u.stringValue());
          while (m.find()) {
            check(m.group(1), foreign);
          }
        }
      }
    }
    assertThat(foreign).isEmpty();
  }

  private static void check(String internalName, Set<String> foreign) {
    if (internalName.length() <= 1) {
      return; // primitive array element
    }
    if (ALLOWED.stream().noneMatch(internalName::startsWith)) {
      foreign.add(internalName);
    }
  }

  @Test
  void onlyTheFactoryStreamFramesAndTheSearchTextArePublic()
      throws IOException, URISyntaxException {
    Set<String> publicTypes = new TreeSet<>();
    for (ClassModel model : compiledClasses()) {
      if (model.flags().has(AccessFlag.PUBLIC)) {
        publicTypes.add(model.thisClass().asInternalName());
      }
    }
    // StreamFrames: the SSE/NDJSON readers for stored bodies (the JSONL export); CaptureSearchText:
    // the searchable text of stored bodies, found by ServiceLoader (public, as a provider must be)
    assertThat(publicTypes)
        .containsExactlyInAnyOrder(
            "dev/tokentap/metrics/MetricsMeterFactory",
            "dev/tokentap/metrics/CaptureSearchText",
            "dev/tokentap/metrics/StreamFrames",
            "dev/tokentap/metrics/StreamFrames$EventListener",
            "dev/tokentap/metrics/StreamFrames$LineListener");
  }
}
