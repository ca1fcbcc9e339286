package dev.tokentap.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokentap.model.Endpoint;
import dev.tokentap.model.Outcome;
import dev.tokentap.store.StoredExchange;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --demo --headless}, sped up: a realistic mix is recorded in a temporary data dir. */
class DemoModeTest {

  @TempDir Path home;

  @Test
  void aShortDemoRecordsTheMixInATemporaryDataDirThatIsGoneAfterStop() throws Exception {
    Map<String, String> env = Map.of("HOME", home.toString());
    Options options = Cli.options(new String[] {"--demo", "--headless"}, env);
    assertThat(options.listen().getPort()).as("a free port, not 8081").isZero();
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(log, true, StandardCharsets.UTF_8);
    TokenTap app = new TokenTap(options, out, out);
    app.demoTimeScale(0.01);
    app.start();
    Path dir = app.demoDataDir();
    List<StoredExchange> rows;
    try {
      assertThat(dir.getFileName().toString()).startsWith("tokentap-demo-");
      assertThat(app.store().databaseFile()).isEqualTo(dir.resolve("tokentap.db"));
      assertThat(app.upstream().getHost()).isEqualTo("127.0.0.1");
      long deadline = System.nanoTime() + 60_000_000_000L;
      do {
        Thread.sleep(200);
        rows = app.store().recent(500);
      } while (!enough(rows) && System.nanoTime() < deadline);
    } finally {
      app.stop();
    }
    assertThat(enough(rows)).as("rows: %s", rows).isTrue();
    assertThat(rows).allSatisfy(r -> assertThat(r.userAgent()).contains("TokenTap demo"));
    assertThat(rows)
        .filteredOn(r -> r.outcome() == Outcome.OK && r.endpoint() != Endpoint.OTHER)
        .allSatisfy(
            r -> {
              assertThat(r.promptTokens()).isNotNull();
              assertThat(r.completionTokens()).isPositive();
            });
    assertThat(rows).anySatisfy(r -> assertThat(r.cachedTokens()).isGreaterThan(100L));
    String printed = log.toString(StandardCharsets.UTF_8);
    assertThat(printed).contains("tokentap: DEMO:").contains("DEMO 20");
    assertThat(dir).doesNotExist();
    assertThat(Files.exists(home.resolve(".local/share/tokentap"))).isFalse();
  }

  /** Several endpoints, an error answer and a stream the client gave up on. */
  private static boolean enough(List<StoredExchange> rows) {
    Set<Endpoint> endpoints =
        rows.stream().map(StoredExchange::endpoint).collect(Collectors.toSet());
    return endpoints.containsAll(
            Set.of(
                Endpoint.CHAT_COMPLETIONS,
                Endpoint.COMPLETIONS,
                Endpoint.NATIVE_COMPLETION,
                Endpoint.MESSAGES,
                Endpoint.RESPONSES))
        && rows.stream().anyMatch(r -> r.outcome() == Outcome.CLIENT_ABORTED)
        && rows.stream().anyMatch(r -> r.status() != null && r.status() == 400);
  }

  @Test
  void demoRefusesARealDataDirOrUpstream() {
    AppTesting.Run run = AppTesting.run("--demo", "--data-dir", "/tmp/x");
    assertThat(run.code).isEqualTo(2);
    assertThat(run.err).contains("--demo uses its own simulated server");
    assertThat(AppTesting.run("--demo", "--upstream", "http://127.0.0.1:9").code).isEqualTo(2);
  }
}
