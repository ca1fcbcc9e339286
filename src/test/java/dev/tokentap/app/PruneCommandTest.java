package dev.tokentap.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokentap.store.ExchangeStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tokentap prune}: its line, its exit codes, the config file and the flags over it. */
class PruneCommandTest {

  @TempDir Path home;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return Launcher.run(
        args,
        Map.of("HOME", home.toString()),
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  private Path dataDir() {
    return home.resolve("data");
  }

  /** 1,000 exchanges, one a minute ending now, each with ~4 KB of incompressible capture. */
  private void fill() throws Exception {
    ExchangeStore.open(dataDir()).close();
    try (Connection c =
            DriverManager.getConnection(
                "jdbc:sqlite:" + dataDir().resolve(ExchangeStore.DATABASE_FILE));
        PreparedStatement ex =
            c.prepareStatement(
                """
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000)
                INSERT INTO exchanges (id, started_at, method, path, streamed, duration_ms,
                  request_bytes, response_bytes, outcome, endpoint, usage_reported)
                SELECT i, ? - (1000 - i) * 60000, 'POST', '/v1/chat/completions', 0, 1, 0, 0,
                  'ok', 'chat', 0 FROM n""");
        Statement s = c.createStatement()) {
      ex.setLong(1, System.currentTimeMillis());
      ex.executeUpdate();
      s.execute(
          "INSERT INTO captures (exchange_id, request_headers, response_headers, request_body,"
              + " response_body) SELECT id, '[]', '[]', randomblob(2000), randomblob(2000)"
              + " FROM exchanges");
    }
  }

  private long scalar(String sql) throws Exception {
    try (Connection c =
            DriverManager.getConnection(
                "jdbc:sqlite:" + dataDir().resolve(ExchangeStore.DATABASE_FILE));
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  void prunesAndSaysWhatItRemoved() throws Exception {
    fill();
    int code =
        run(
            "prune",
            "--data-dir",
            dataDir().toString(),
            "--keep-captures",
            "400K",
            "--keep-age",
            "10h");
    System.out.print(err());
    assertThat(code).isZero();
    // captures first: ~100 newest (400 KiB) stay; then 10 h = 600 exchanges kept (the one exactly
    // 10 h old may go as the clock moves on)
    assertThat(scalar("SELECT count(*) FROM exchanges")).isBetween(599L, 600L);
    assertThat(scalar("SELECT max(exchange_id) FROM captures")).isEqualTo(1000);
    assertThat(scalar("SELECT bytes FROM capture_totals")).isLessThanOrEqualTo(400 * 1024);
    assertThat(err())
        .matches(
            "tokentap: pruned 89[0-9] captures \\(3\\.[0-9] MiB\\) and 40[01] exchanges;"
                + " database 4\\.[0-9] MiB -> [0-9.]+ KiB\\R");
  }

  @Test
  void theConfigFileGivesTheLimitsAndFlagsOverrideIt() throws Exception {
    fill();
    Path config = home.resolve(".config/tokentap/config.json");
    Files.createDirectories(config.getParent());
    Files.writeString(
        config,
        """
        {"retention": {"max_exchanges": 100, "max_capture_bytes": "none", "colour": "blue"}}""");
    assertThat(run("prune", "--data-dir", dataDir().toString(), "--keep-exchanges", "300"))
        .isZero();
    assertThat(err())
        .contains("tokentap: warning: " + config + ": unknown key 'retention.colour' ignored");
    assertThat(scalar("SELECT count(*) FROM exchanges")).isEqualTo(300);
    assertThat(scalar("SELECT count(*) FROM captures")).isEqualTo(300); // no capture limit
    err.reset();
    assertThat(run("prune", "--data-dir", dataDir().toString())).isZero();
    assertThat(scalar("SELECT count(*) FROM exchanges")).isEqualTo(100);
    assertThat(err()).contains("pruned 200 captures").contains("and 200 exchanges");
  }

  @Test
  void aMalformedConfigFileIsOneLineAndExitCode1() throws Exception {
    fill();
    Path config = home.resolve(".config/tokentap/config.json");
    Files.createDirectories(config.getParent());
    Files.writeString(config, "{\"retention\": {\"max_age\": \"30d\",}");
    assertThat(run("prune", "--data-dir", dataDir().toString())).isEqualTo(1);
    assertThat(err())
        .isEqualTo(
            "tokentap: "
                + config
                + " is not valid JSON (line 1, column 33): fix it or move it away"
                + System.lineSeparator());
    err.reset();
    Files.writeString(config, "{\"retention\": {\"max_age\": \"a month\"}}");
    assertThat(run("prune", "--data-dir", dataDir().toString())).isEqualTo(1);
    assertThat(err()).contains("retention.max_age wants an age such as 7d");
    err.reset();
    // TokenTap itself refuses to start too
    assertThat(run("--headless", "--data-dir", dataDir().toString())).isEqualTo(1);
    assertThat(err()).contains("retention.max_age wants an age");
    assertThat(scalar("SELECT count(*) FROM exchanges")).isEqualTo(1000);
  }

  @Test
  void refusesWhileTokenTapRunsOnTheDataDir() throws Exception {
    fill();
    try (ExchangeStore running = ExchangeStore.open(dataDir())) {
      assertThat(run("prune", "--data-dir", running.dataDir().toString(), "--keep-exchanges", "1"))
          .isEqualTo(1);
    }
    assertThat(err().lines()).hasSize(1);
    assertThat(err()).startsWith("tokentap: TokenTap is running on " + dataDir());
    assertThat(scalar("SELECT count(*) FROM exchanges")).isEqualTo(1000);
  }

  @Test
  void noDatabaseAndBadFlags() {
    assertThat(run("prune", "--data-dir", dataDir().toString())).isEqualTo(1);
    assertThat(err()).startsWith("tokentap: no tokentap.db in ");
    assertThat(Files.exists(dataDir())).isFalse();
    for (String[] args :
        new String[][] {
          {"prune", "--keep-age", "soon"},
          {"prune", "--keep-exchanges", "-3"},
          {"prune", "--keep-captures", "lots"},
          {"prune", "--bogus"},
          {"--keep-age", "1 year"}
        }) {
      err.reset();
      assertThat(run(args)).as(String.join(" ", args)).isEqualTo(2);
      assertThat(err())
          .startsWith("tokentap: ")
          .contains(
              args[0].equals("prune")
                  ? "Prune: java -jar tokentap.jar prune"
                  : "Usage: java -jar tokentap.jar"); // the main command's usage lists prune
    }
    assertThat(run("prune", "--help")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("--keep-captures=SIZE");
  }

  @Test
  void retentionValuesParse() throws Exception {
    assertThat(RetentionConfig.age("30d", "x")).hasDays(30);
    assertThat(RetentionConfig.age("12h", "x")).hasHours(12);
    assertThat(RetentionConfig.age("none", "x")).isZero();
    assertThat(RetentionConfig.size("512M", "x")).isEqualTo(512L << 20);
    assertThat(RetentionConfig.size("1GiB", "x")).isEqualTo(1L << 30);
    assertThat(RetentionConfig.size("0", "x")).isZero();
    assertThat(RetentionConfig.count("1,000,000", "x")).isEqualTo(1_000_000);
    Config c = Config.load(home.resolve("missing.json"));
    assertThat(c.retention().toPolicy())
        .isEqualTo(dev.tokentap.store.RetentionPolicy.DEFAULT); // forever, captures up to 1 GiB
    Path f = home.resolve("c.json");
    Files.writeString(
        f,
        "{\"retention\":{\"max_age\":\"30d\",\"max_exchanges\":1000000,\"max_capture_bytes\":\"1G\","
            + "\"max_summary_age\":\"400d\"}}");
    Config full = Config.load(f);
    assertThat(full.warnings()).isEmpty();
    assertThat(full.retention())
        .isEqualTo(
            new RetentionConfig(
                java.time.Duration.ofDays(30),
                1_000_000L,
                1L << 30,
                java.time.Duration.ofDays(400)));
    Files.writeString(f, "{\"retension\":{}}");
    assertThat(Config.load(f).warnings())
        .containsExactly(
            "tokentap: warning: "
                + f
                + ": unknown key 'retension' ignored (known: "
                + Config.KNOWN
                + ")");
  }
}
