package dev.tokentap.export;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokentap.store.ExchangeFilter;
import dev.tokentap.store.ExchangeStore;
import dev.tokentap.store.StoredExchange;
import dev.tokentap.testing.SyntheticStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvExporterTest {

  @TempDir Path dir;

  @Test
  void theHeaderIsTheContractColumnsInOrder() {
    assertThat(String.join(",", CsvExporter.COLUMNS))
        .isEqualTo(
            "id,started_at,method,path,model,status,streamed,ttft_ms,duration_ms,prompt_tokens,"
                + "cached_tokens,completion_tokens,prompt_tps,gen_tps,request_bytes,"
                + "response_bytes,outcome,error,conversation_id,turn,cache_miss,cache_note,"
                + "cache_lost_tokens,replay_of");
    assertThat(CsvExporter.COLUMNS.subList(0, 18)).isEqualTo(StoredExchange.COLUMNS.subList(0, 18));
    assertThat(StoredExchange.COLUMNS).containsAll(CsvExporter.COLUMNS);
  }

  @Test
  void quotesCommasQuotesAndLineBreaksAndLeavesUnknownCellsEmpty() throws Exception {
    Path db = SyntheticStore.create(dir.resolve("data"), 1);
    SyntheticStore.insert(db, 2, "a,b", "boom, \"quoted\"\r\nsecond line");
    SyntheticStore.insert(db, 3, "plain", "nothing special");
    Path csv = dir.resolve("out.csv");
    try (ExchangeStore store = ExchangeStore.openReadOnly(db)) {
      assertThat(new CsvExporter().export(store, ExchangeFilter.ALL, csv, n -> {})).isEqualTo(3);
    }
    String text = Files.readString(csv, StandardCharsets.UTF_8);
    assertThat(text)
        .isEqualTo(
            String.join(",", CsvExporter.COLUMNS)
                + "\r\n"
                + "1,2026-11-28T10:00:01.000Z,POST,/v1/chat/completions,tiny,200,1,13.5,301.25,"
                + "31,1,32,1234.5678,55.125,401,2001,ok,,,,,,,\r\n"
                + "2,2026-11-28T10:00:00.123Z,POST,/v1/chat/completions,\"a,b\",,0,,0.00001,"
                + ",,,,,10,0,upstream_unavailable,\"boom, \"\"quoted\"\"\r\nsecond line\",,,,,,\r\n"
                + "3,2026-11-28T10:00:00.123Z,POST,/v1/chat/completions,plain,,0,,0.00001,"
                + ",,,,,10,0,upstream_unavailable,nothing special,,,,,,\r\n");
  }

  @Test
  void realsKeepEveryDigitAndNeverUseAnExponent() {
    assertThat(CsvExporter.real(9011.396766498807)).isEqualTo("9011.396766498807");
    assertThat(CsvExporter.real(3.0)).isEqualTo("3.0");
    assertThat(CsvExporter.real(1.0E-5)).isEqualTo("0.00001");
    assertThat(CsvExporter.real(1.25E10)).isEqualTo("12500000000.0");
    assertThat(Double.parseDouble(CsvExporter.real(5.416811406197252E-7)))
        .isEqualTo(5.416811406197252E-7);
  }

  @Test
  void filtersBySinceUntilAndModel() throws Exception {
    Path db = SyntheticStore.create(dir.resolve("data"), 10);
    Instant t0 = Instant.ofEpochMilli(SyntheticStore.T0);
    try (ExchangeStore store = ExchangeStore.openReadOnly(db)) {
      // ids 3..6 started at T0+3s..T0+6s; until is exclusive
      ExchangeFilter window = new ExchangeFilter(t0.plusSeconds(3), t0.plusSeconds(7), null);
      assertThat(store.count(window)).isEqualTo(4);
      assertThat(store.count(new ExchangeFilter(t0.plusSeconds(3), t0.plusSeconds(7), "tiny")))
          .isEqualTo(2);
      assertThat(store.count(new ExchangeFilter(null, null, "big"))).isEqualTo(5);
      assertThat(store.count(new ExchangeFilter(null, null, "nope"))).isZero();
    }
  }
}
