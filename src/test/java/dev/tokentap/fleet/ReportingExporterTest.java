package dev.tokentap.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.net.ConnectException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportingExporterTest {

  private final List<String> lines = new ArrayList<>();
  private long now;
  private boolean up;

  private final SpanExporter collector =
      new SpanExporter() {
        @Override
        public CompletableResultCode export(Collection<SpanData> spans) {
          return up
              ? CompletableResultCode.ofSuccess()
              : CompletableResultCode.ofExceptionalFailure(
                  new ConnectException("Connection refused"));
        }

        @Override
        public CompletableResultCode flush() {
          return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
          return CompletableResultCode.ofSuccess();
        }
      };

  @Test
  void failuresAreOneLineAMinuteAndTheRecoveryOneMore() {
    ReportingExporter e =
        new ReportingExporter(collector, "http://c:4318/v1/traces", lines::add, () -> now);
    e.export(spans(3));
    assertThat(lines).hasSize(1);
    assertThat(lines.getFirst())
        .isEqualTo(
            "tokentap: could not send 3 spans to the OTLP collector at http://c:4318/v1/traces"
                + " (ConnectException: Connection refused); forwarding goes on, spans are lost"
                + " until it answers");
    now += 30_000_000_000L;
    e.export(spans(2));
    assertThat(lines).hasSize(1); // within the minute: counted, not said
    now += 31_000_000_000L;
    e.export(spans(1));
    assertThat(lines).hasSize(2);
    assertThat(lines.get(1)).contains("could not send 3 spans"); // 2 + 1 since the last line
    assertThat(e.lostCount()).isEqualTo(6);
    up = true;
    e.export(spans(1));
    e.export(spans(1));
    assertThat(lines).hasSize(3);
    assertThat(lines.get(2))
        .isEqualTo("tokentap: OTLP collector at http://c:4318/v1/traces answers again");
    assertThat(e.lostCount()).isEqualTo(6);
  }

  private static Collection<SpanData> spans(int n) {
    return Collections.nCopies(n, null);
  }
}
