package dev.tokentap.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * capture may use model, zstd-jni, jackson and the JDK; store may use model, capture, the SQLite
 * driver (through java.sql) and the JDK. Neither ever touches javafx, forward, metrics or app.
 * fleet may use model, forward, capture (redaction), jackson (a request's model), the Prometheus
 * client, the OpenTelemetry SDK and the JDK. endpoint (what TokenTap knows of each API's JSON) may
 * use model, jackson and the JDK only.
 */
class PackageBoundariesTest {

  @ParameterizedTest
  @CsvSource({
    "capture, java. javax. dev.tokentap.model. dev.tokentap.capture. com.github.luben.zstd."
        + " com.fasterxml.jackson.",
    "store, java. javax. dev.tokentap.model. dev.tokentap.capture. dev.tokentap.store.",
    "fleet, java. dev.tokentap.model. dev.tokentap.forward. dev.tokentap.capture. dev.tokentap.fleet."
        + " com.fasterxml.jackson. io.prometheus. io.opentelemetry.",
    "endpoint, java. dev.tokentap.model. dev.tokentap.endpoint. com.fasterxml.jackson."
  })
  void importsStayInsideTheAllowedPackages(String pkg, String allowed) throws IOException {
    List<String> prefixes = List.of(allowed.split(" "));
    Path dir = Path.of("src/main/java/dev/tokentap", pkg);
    List<Path> sources;
    try (Stream<Path> files = Files.list(dir)) {
      sources = files.filter(p -> p.toString().endsWith(".java")).toList();
    }
    assertThat(sources).isNotEmpty();
    for (Path source : sources) {
      for (String line : Files.readAllLines(source)) {
        if (line.startsWith("import ")) {
          String name = line.replace("import static ", "").replace("import ", "");
          assertThat(prefixes).as("%s: %s", source.getFileName(), line).anyMatch(name::startsWith);
        }
      }
    }
  }
}
