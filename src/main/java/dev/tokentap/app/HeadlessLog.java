package dev.tokentap.app;

import dev.tokentap.capture.CaptureRedactor;
import dev.tokentap.forward.ExchangeListener;
import dev.tokentap.model.Exchange;
import dev.tokentap.model.ExchangeMetrics;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Prints one line per finished exchange: what a user watching a terminal wants to see. The line is
 * made where the exchange ends (on a forwarder event loop, so cheaply) and printed by a thread of
 * its own: a terminal or pipe that is slow to take it must never hold up forwarding. Past {@link
 * #BACKLOG} lines waiting, lines are skipped and the skip is said in one line.
 */
final class HeadlessLog implements ExchangeListener, AutoCloseable {

  static final int BACKLOG = 10_000;

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

  private final PrintStream out;
  private final String prefix;
  private final BlockingQueue<String> lines = new ArrayBlockingQueue<>(BACKLOG);
  private final AtomicLong skipped = new AtomicLong();
  private final Thread printer;
  private volatile boolean closing;

  /** Each line starts with {@code prefix} ("DEMO " in a demo run). */
  HeadlessLog(PrintStream out, String prefix) {
    this.out = out;
    this.prefix = prefix;
    this.printer = Thread.ofPlatform().daemon().name("tokentap-log").start(this::print);
  }

  @Override
  public void finished(Exchange e) {
    if (!lines.offer(prefix + line(e))) {
      skipped.incrementAndGet();
    }
  }

  private void print() {
    try {
      while (true) {
        String line = lines.poll(100, TimeUnit.MILLISECONDS);
        if (line == null) {
          if (closing) {
            return;
          }
          continue;
        }
        sayWhatWasSkipped();
        out.println(line);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void sayWhatWasSkipped() {
    long n = skipped.getAndSet(0);
    if (n > 0) {
      out.println(prefix + "(" + n + " exchange lines not printed: the output could not keep up)");
    }
  }

  /** Prints what is still waiting (up to 5 s), then stops the printer. */
  @Override
  public void close() {
    closing = true;
    try {
      printer.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    sayWhatWasSkipped();
    out.flush();
  }

  static String line(Exchange e) {
    ExchangeMetrics m = e.metrics();
    StringBuilder b = new StringBuilder(160);
    b.append(TIME.format(Instant.ofEpochMilli(e.startedAtMs())))
        .append(' ')
        .append(e.method())
        .append(' ')
        .append(CaptureRedactor.redactText(e.path()))
        .append(' ')
        .append(m.model() == null ? "-" : m.model())
        .append(' ')
        .append(e.status() == 0 ? "---" : String.valueOf(e.status()));
    if (e.outcome() != dev.tokentap.model.Outcome.OK) {
      b.append(' ').append(e.outcome().code());
    }
    if (m.promptTokens() != null || m.completionTokens() != null) {
      b.append(" prompt ").append(count(m.promptTokens()));
      if (m.cachedTokens() != null) {
        b.append(" (cached ").append(m.cachedTokens()).append(')');
      }
      b.append(" gen ").append(count(m.completionTokens()));
    }
    if (m.promptTps() != null) {
      oneDecimal(b.append(" pp "), m.promptTps()).append(" tok/s");
    }
    if (m.genTps() != null) {
      oneDecimal(b.append(" tg "), m.genTps()).append(" tok/s");
    }
    if (m.ttftMs() != null) {
      b.append(" ttft ").append(Math.round(m.ttftMs())).append(" ms");
    }
    b.append(' ').append(Math.round(e.durationMs())).append(" ms");
    if (e.error() != null && e.outcome() != dev.tokentap.model.Outcome.UPSTREAM_ERROR) {
      b.append(" - ").append(CaptureRedactor.redactText(e.error()));
    }
    return b.toString();
  }

  /** {@code v} rounded to one decimal as {@code %.1f} prints it, without a Formatter. */
  static StringBuilder oneDecimal(StringBuilder b, double v) {
    return b.append(BigDecimal.valueOf(v).setScale(1, RoundingMode.HALF_UP).toPlainString());
  }

  private static String count(Long n) {
    return n == null ? "?" : n.toString();
  }
}
