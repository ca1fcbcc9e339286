package dev.tokentap.app;

import dev.tokentap.forward.ExchangeListener;
import dev.tokentap.model.Exchange;
import dev.tokentap.model.ExchangeMetrics;
import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Prints one line per finished exchange: what a user watching a terminal wants to see. */
final class HeadlessLog implements ExchangeListener {

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

  private final PrintStream out;
  private final String prefix;

  HeadlessLog(PrintStream out) {
    this(out, "");
  }

  /** Each line starts with {@code prefix} ("DEMO " in a demo run). */
  HeadlessLog(PrintStream out, String prefix) {
    this.out = out;
    this.prefix = prefix;
  }

  @Override
  public void finished(Exchange e) {
    out.println(prefix + line(e));
  }

  static String line(Exchange e) {
    ExchangeMetrics m = e.metrics();
    StringBuilder b = new StringBuilder(160);
    b.append(TIME.format(Instant.ofEpochMilli(e.startedAtMs())))
        .append(' ')
        .append(e.method())
        .append(' ')
        .append(e.path())
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
      b.append(String.format(Locale.ROOT, " pp %.1f tok/s", m.promptTps()));
    }
    if (m.genTps() != null) {
      b.append(String.format(Locale.ROOT, " tg %.1f tok/s", m.genTps()));
    }
    if (m.ttftMs() != null) {
      b.append(String.format(Locale.ROOT, " ttft %.0f ms", m.ttftMs()));
    }
    b.append(String.format(Locale.ROOT, " %.0f ms", e.durationMs()));
    if (e.error() != null && e.outcome() != dev.tokentap.model.Outcome.UPSTREAM_ERROR) {
      b.append(" - ").append(e.error());
    }
    return b.toString();
  }

  private static String count(Long n) {
    return n == null ? "?" : n.toString();
  }
}
