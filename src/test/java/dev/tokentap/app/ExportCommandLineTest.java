package dev.tokentap.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokentap.export.ExportFormat;
import dev.tokentap.export.ExportRequest;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExportCommandLineTest {

  private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");

  private static ExportRequest parse(String... args) throws Exception {
    Command c = Cli.parse(args, Map.of("HOME", "/home/u"), NOW);
    assertThat(c).isInstanceOf(ExportCommand.class);
    return ((ExportCommand) c).request();
  }

  @Test
  void theExtensionPicksTheFormatUnlessFormatIsGiven() throws Exception {
    assertThat(parse("export", "--out", "a.tokentap").format()).isEqualTo(ExportFormat.SESSION);
    assertThat(parse("export", "--out", "a.CSV").format()).isEqualTo(ExportFormat.CSV);
    assertThat(parse("export", "--out", "a.jsonl").format()).isEqualTo(ExportFormat.JSONL);
    assertThat(parse("export", "--out", "a.txt", "--format", "JSONL").format())
        .isEqualTo(ExportFormat.JSONL);
    assertThat(parse("export", "--out", "a.txt", "--format", "csv").format())
        .isEqualTo(ExportFormat.CSV);
    assertThat(parse("export", "--out=a.csv", "--format=session").format())
        .isEqualTo(ExportFormat.SESSION);
  }

  @Test
  void readsTheDefaultDataDirAGivenOneOrASession() throws Exception {
    ExportRequest r = parse("export", "--out", "a.csv");
    assertThat(r.source()).isEqualTo(Path.of("/home/u/.local/share/tokentap/tokentap.db"));
    assertThat(r.fromSession()).isFalse();
    assertThat(parse("export", "--out", "a.csv", "--data-dir", "/d").source())
        .isEqualTo(Path.of("/d/tokentap.db"));
    r = parse("export", "--out", "a.csv", "--from", "s.tokentap");
    assertThat(r.source()).isEqualTo(Path.of("s.tokentap"));
    assertThat(r.fromSession()).isTrue();
  }

  @Test
  void filters() throws Exception {
    ExportRequest r =
        parse(
            "export",
            "--out",
            "a.csv",
            "--since",
            "2h",
            "--until",
            "2026-11-22T11:30:00Z",
            "--model",
            "tiny");
    assertThat(r.filter().since()).isEqualTo(Instant.parse("2026-11-22T10:00:00Z"));
    assertThat(r.filter().until()).isEqualTo(Instant.parse("2026-11-22T11:30:00Z"));
    assertThat(r.filter().model()).isEqualTo("tiny");
  }

  @Test
  void malformedExportsAreUsageErrors() {
    String[][] bad = {
      {"export"},
      {"export", "--out", "a.csv", "--format", "xml"},
      {"export", "--out", "a"},
      {"export", "--out", "a.csv", "--data-dir", "d", "--from", "s.tokentap"},
      {"export", "--out", "a.csv", "--since", "yesterday"},
      {"export", "--out", "a.csv", "--since", "1h", "--until", "2h"},
      {"export", "--out", "a.csv", "--listen", "127.0.0.1:1"},
    };
    for (String[] args : bad) {
      assertThatThrownBy(() -> Cli.parse(args, Map.of(), NOW))
          .as(String.join(" ", args))
          .isInstanceOf(UsageException.class);
    }
    assertThatThrownBy(() -> Cli.parse(new String[] {"export", "--out", "a"}, Map.of(), NOW))
        .hasMessageContaining("cannot tell the format")
        .hasMessageContaining(".har")
        .hasMessageContaining(".jsonl");
  }

  @Test
  void exportHelpAndUsageText() throws Exception {
    Command c = Cli.parse(new String[] {"export", "--help"}, Map.of(), NOW);
    assertThat(((HelpText) c).text()).contains("--since=TIME").contains("TIME: ISO-8601");
    assertThat(((HelpText) Cli.parse(new String[] {"--help"}, Map.of(), NOW)).text())
        .contains("export --out=FILE")
        .contains("export ");
    assertThat(Cli.parse(new String[] {"--headless"}, Map.of(), NOW)).isInstanceOf(Options.class);
  }
}
