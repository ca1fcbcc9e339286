package dev.tokentap.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HarReaderTest {

  @TempDir Path dir;

  @Test
  void entriesArriveOneByOneWhateverComesAroundThem() throws Exception {
    Path har = dir.resolve("a.har");
    Files.writeString(
        har,
        """
        {"x": [1, {"y": 2}], "log": {"entries": [{"a": 1}, {"a": 2}], "pages": [{"id": "p"}],
          "creator": {"name": "mitmproxy", "version": "11.0"}}, "z": null}
        """);
    List<Integer> seen = new ArrayList<>();
    HarReader.Result r = new HarReader().read(har, (i, e) -> seen.add(e.get("a").asInt()));
    assertThat(seen).containsExactly(1, 2);
    assertThat(r).isEqualTo(new HarReader.Result("mitmproxy 11.0", 2));
  }

  @Test
  void aFileOverTheLimitIsRefusedBeforeItIsParsed() throws Exception {
    Path har = dir.resolve("big.har");
    Files.writeString(har, "{\"log\":{\"entries\":[]}}");
    assertThatThrownBy(() -> new HarReader(10).read(har, (i, e) -> {}))
        .isInstanceOf(ExportException.class)
        .hasMessageContaining("too large");
  }

  @Test
  void anEntryThatIsNotAnObjectIsNotHar() throws Exception {
    Path har = dir.resolve("odd.har");
    Files.writeString(har, "{\"log\":{\"entries\":[1]}}");
    assertThatThrownBy(() -> new HarReader().read(har, (i, e) -> {}))
        .hasMessageContaining("log.entries[0] is not an object");
  }
}
