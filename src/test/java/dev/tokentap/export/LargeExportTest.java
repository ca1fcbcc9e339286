package dev.tokentap.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.tokentap.store.ExchangeFilter;
import dev.tokentap.store.ExchangeStore;
import dev.tokentap.testing.Fixture;
import dev.tokentap.testing.SyntheticStore;
import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 100,000 exchanges exported (CSV, session, CSV from the session, HAR) by {@code java -jar
 * tokentap.jar export} in a JVM with a 32 MiB heap: the rows must stream (a list of them all would
 * not fit). Speed is printed, not asserted.
 */
class LargeExportTest {

  private static final int ROWS = 100_000;
  private static final String HEAP = "-Xmx32m";

  @TempDir Path dir;

  @Test
  void exportsOneHundredThousandRowsInASmallHeap() throws Exception {
    Path data = dir.resolve("data");
    SyntheticStore.create(data, ROWS);

    Path csv = dir.resolve("big.csv");
    runExport(csv, "--data-dir", data.toString());
    long lines;
    try (BufferedReader r = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
      lines = r.lines().count();
    }
    assertThat(lines).isEqualTo(ROWS + 1);

    Path session = dir.resolve("big.tokentap");
    runExport(session, "--data-dir", data.toString());
    try (ExchangeStore s = ExchangeStore.openReadOnly(session)) {
      assertThat(s.count(ExchangeFilter.ALL)).isEqualTo(ROWS);
    }

    Path again = dir.resolve("again.csv");
    runExport(again, "--from", session.toString());
    assertThat(Files.mismatch(csv, again)).isEqualTo(-1);

    Path har = dir.resolve("big.har");
    runExport(har, "--data-dir", data.toString());
    long entries = 0;
    try (JsonParser p = new JsonFactory().createParser(har.toFile())) {
      for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
        if (t == JsonToken.FIELD_NAME && p.currentName().equals("startedDateTime")) {
          entries++;
        }
      }
    }
    assertThat(entries).isEqualTo(ROWS);
  }

  @Test
  void exportsTenThousandCapturedChatStreamsAsJsonlInASmallHeap() throws Exception {
    int rows = 10_000;
    Path data = dir.resolve("jsonl-data");
    Path db = SyntheticStore.create(data, rows);
    Fixture f = Fixture.load("chat_stream");
    SyntheticStore.captureAll(db, f.requestBody(), f.responseBody());

    Path jsonl = dir.resolve("big.jsonl");
    runExport(rows, jsonl, "--data-dir", data.toString());
    long lines;
    try (BufferedReader r = Files.newBufferedReader(jsonl, StandardCharsets.UTF_8)) {
      lines = r.lines().count();
    }
    assertThat(lines).isEqualTo(rows);
  }

  private static void runExport(Path out, String... source) throws Exception {
    runExport(ROWS, out, source);
  }

  private static void runExport(long rows, Path out, String... source) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command =
        new java.util.ArrayList<>(
            List.of(
                java,
                HEAP,
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                "dev.tokentap.app.Launcher",
                "export",
                "--out",
                out.toString()));
    command.addAll(List.of(source));
    Path stderr = out.resolveSibling(out.getFileName() + ".stderr");
    long start = System.nanoTime();
    Process p =
        new ProcessBuilder(command)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(stderr.toFile())
            .start();
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
    double seconds = (System.nanoTime() - start) / 1e9;
    String err = Files.readString(stderr);
    assertThat(p.exitValue()).as(err).isZero();
    assertThat(err).contains("exported " + String.format(Locale.ROOT, "%,d", rows) + " exchanges");
    System.out.printf(
        Locale.ROOT,
        "%s: %,d rows in %.2f s (whole process, %s), %,.0f rows/s%n%s",
        out.getFileName(),
        rows,
        seconds,
        HEAP,
        rows / seconds,
        err);
  }
}
