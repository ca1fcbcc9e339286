package dev.tokentap.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokentap.model.Exchange;
import dev.tokentap.model.ExchangeMetrics;
import dev.tokentap.model.Outcome;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class HeadlessLogTest {

  @Test
  void speedsArePrintedAsPercentPointOneFWouldPrintThem() {
    for (int i = 0; i < 20_000; i++) {
      double v = i * 0.37 + i % 7 * 0.001;
      assertThat(HeadlessLog.oneDecimal(new StringBuilder(), v).toString())
          .isEqualTo(String.format(Locale.ROOT, "%.1f", v));
    }
  }

  @Test
  void anOutputThatDoesNotTakeLinesNeverHoldsUpTheExchangesThread() throws Exception {
    CountDownLatch open = new CountDownLatch(1);
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    OutputStream stuck =
        new OutputStream() {
          @Override
          public void write(int b) {
            try {
              open.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            synchronized (printed) {
              printed.write(b);
            }
          }
        };
    HeadlessLog log = new HeadlessLog(new PrintStream(stuck, true, StandardCharsets.UTF_8), "");
    int sent = HeadlessLog.BACKLOG + 50;
    long start = System.nanoTime();
    for (int i = 0; i < sent; i++) {
      log.finished(exchange(i));
    }
    double ms = (System.nanoTime() - start) / 1e6;
    System.out.printf("%d lines handed over in %.1f ms while the output took nothing%n", sent, ms);
    open.countDown();
    log.close();

    String text;
    synchronized (printed) {
      text = printed.toString(StandardCharsets.UTF_8);
    }
    List<String> lines = text.lines().toList();
    assertThat(lines.getFirst()).startsWith("19").contains("POST /v1/chat/completions tiny 200");
    String skippedLine =
        lines.stream().filter(l -> l.contains("not printed")).findFirst().orElseThrow();
    long skipped = Long.parseLong(skippedLine.replaceAll("\\((\\d+) .*", "$1"));
    long printedExchanges = lines.stream().filter(l -> l.contains(" POST ")).count();
    assertThat(printedExchanges + skipped).isEqualTo(sent);
  }

  private static Exchange exchange(long id) {
    return new Exchange(
        id,
        0L,
        "POST",
        "/v1/chat/completions",
        null,
        "127.0.0.1:50000",
        "http://127.0.0.1:8080",
        List.of(),
        200,
        List.of(),
        false,
        10,
        20,
        12.4,
        Outcome.OK,
        null,
        new ExchangeMetrics("tiny", "stop", 11L, 10L, 4L, 707.7, 1065.1, null, 8.0, null, true),
        null,
        null);
  }
}
