package dev.tokentap.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.tokentap.store.StoredExchange;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inputs the fuzz tests ({@code *FuzzTest} in this package) once failed on, replayed exactly: each
 * test names the property that found it. The HAR files are written here as they were generated
 * (line breaks between JSON tokens added for reading).
 */
class ExportFuzzRegressionTest {

  @TempDir Path dir;

  /**
   * HarImportFuzzTest (seed 20261204): a startedDateTime of -999999999-01-01T00:00:00Z parses as a
   * date but not into epoch milliseconds: the ArithmeticException escaped from opening the file
   * instead of the entry getting an unknown start (0), as an unparseable date does.
   */
  @Test
  void aDateBeyondEpochMillisecondsIsAnUnknownStart() throws Exception {
    Path har = write(DATE_BEYOND_EPOCH_MILLIS);
    try (OpenedSession s = OpenedSession.open(har)) {
      List<StoredExchange> rows = s.store().recent(10);
      assertThat(rows).hasSize(1);
      assertThat(rows.getFirst().startedAt()).isZero();
    }
  }

  /**
   * HarImportFuzzTest (longer run, seed -3257538217067380811): a request URL ending in two million
   * slashes hung the import: Endpoint.of dropped trailing slashes one substring copy at a time,
   * quadratic in the path (hours for this file; a 16 KiB request line on the forwarder's path cost
   * tens of milliseconds). The time limit is a hang guard, not a speed target.
   */
  @Test
  void aPathOfManyTrailingSlashesDoesNotHangTheImport() throws Exception {
    Path har = write(MANY_SLASHES.replace("<SLASHES>", "/".repeat(2_000_000)));
    assertTimeoutPreemptively(
        Duration.ofSeconds(60),
        () -> {
          try (OpenedSession s = OpenedSession.open(har)) {
            assertThat(s.store().recent(10)).hasSize(1);
          }
        });
  }

  private Path write(String json) throws Exception {
    Path file = dir.resolve("fuzz.har");
    Files.writeString(file, json.replace("\n", ""), StandardCharsets.UTF_8);
    return file;
  }

  private static final String DATE_BEYOND_EPOCH_MILLIS =
"""
{"log":{"version":"1.2","entries":[{"startedDateTime":"-999999999-01-01T00:00:00Z",
"time":67.32,"request":{"method":"POST","url":"http://user:sk-abcdefghijklmnopqrstuvwx@h:99999/p?q=1#f",
"httpVersion":"HTTP/1.1","headers":[{"name":"Host","value":"127.0.0.1:18080"},{"name":"Content-Type",
"value":"application/json"},{"name":"anthropic-version","value":"2023-06-01"},{"name":"x-api-key",
"value":"not-checked"},{"name":"Content-Length","value":"201"}],"postData":{"mimeType":"application/json",
"text":"{\\"model\\": \\"tiny\\", \\"max_tokens\\": 32, \\"system\\": \\"You are a helpful assistant.\\", \\"messages\\": [{\\"role\\": \\"user\\", \\"content\\": \\"Write a short poem about a lighthouse keeper and the sea.\\"}], \\"temperature\\": 0.8}"},
"bodySize":201},"response":{"status":200,"statusText":"OK","headers":[{"name":"Server",
"value":"llama.cpp"},{"name":"Access-Control-Allow-Origin","value":{}},{"name":"Content-Type",
"value":"application/json; charset=utf-8"},{"name":"Content-Length","value":"428"},
{"name":"Keep-Alive","value":"timeout=5, max=100"}],"content":[],"bodySize":428},
"timings":{"blocked":-1,"dns":-1,"connect":0.2,"send":0.1,"wait":67.253,"receive":0.06699999999999307}}]}}""";

  /** The HAR as generated, its two million slashes as {@code <SLASHES>}. */
  private static final String MANY_SLASHES =
"""
{"log":{"version":0.5,"creator":{"name":"fuzz","version":"1"},"entries":[{"startedDateTime":"2026-12-04T20:00:00.123Z",
"time":120.739,"request":{"method":"POST","url":"http://h/v1/chat/completions<SLASHES>",
"httpVersion":"HTTP/1.1","headers":[{"name":"Host","value":"127.0.0.1:18080"},{"name":"Content-Type",
"value":"Bearer sk-abcdefghijklmnopqrstuvwx"},{"name":"Accept","value":"text/event-stream"},
{"name":"Content-Length","value":"133"}],"postData":{"text":"{\\"model\\": \\"tiny\\", \\"prompt\\": \\"Once upon a time,
 in a small village,\\", \\"max_tokens\\": 24, \\"temperature\\": 0.8, \\"seed\\": 7, \\"stream\\": true}"},
"bodySize":1.0E308},"timings":-1}]}}""";
}
