package dev.tokentap.live;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokentap.app.InProcessTokenTap;
import dev.tokentap.model.Outcome;
import dev.tokentap.store.StoredExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A client that hangs up during prompt processing, mid-stream and during a non-streamed answer:
 * first straight to llama-server (what it does by itself), then through TokenTap. Through TokenTap,
 * its connection to llama-server must leave ESTABLISHED within 10 ms of the hang-up (read from
 * {@code /proc/net/tcp}, nothing in between), {@code /slots} must show the slot freed wherever the
 * direct run freed it (llama-server watches its socket during a stream, not during a non-streamed
 * answer), and the exchange is recorded as {@code client_aborted}. The figures measured go to
 * {@code target/live-logs/hangups.txt}.
 */
class HangUpLiveTest {

  /** Small batches: a 3,500-token prompt takes seconds to process, long enough to hang up in. */
  private static LlamaServer llama;

  private static SlotsProbe probe;

  /**
   * How long a freed slot is waited for. A stream's slot is free about 20-30 ms after a direct
   * hang-up; the non-streamed answer (1,200 tokens) and the prompt (about 2,000 tokens in batches
   * of 32) run for seconds, so a slot still busy after this has not been freed by the hang-up.
   */
  private static final long SLOT_CAP_MS = 1_000;

  enum When {
    PROMPT_PROCESSING,
    MID_STREAM,
    NON_STREAMED
  }

  /** What one run measured; -1 is "did not happen within the cap". */
  record Measured(double closeMs, String closeState, double slotFreedMs, String note) {}

  @BeforeAll
  static void startServer() throws Exception {
    llama = LlamaServer.start("hangup", "--batch-size", "32", "--ubatch-size", "32");
    probe = new SlotsProbe(llama.port());
  }

  @AfterAll
  static void stopServer() {
    if (llama != null) {
      llama.close();
    }
  }

  @ParameterizedTest
  @EnumSource(When.class)
  void hangUp(When when, @TempDir Path dataDir) throws Exception {
    Measured direct = run(when, llama.port(), "direct " + when, false);
    awaitIdle();
    Measured via;
    List<StoredExchange> rows;
    try (InProcessTokenTap tokentap = InProcessTokenTap.start(dataDir, llama.url())) {
      Thread.sleep(300); // its start-up check of the upstream has come and gone
      via = run(when, tokentap.port(), "via TokenTap " + when, true);
      rows = tokentap.awaitRecorded(1, 30_000);
    }
    awaitIdle();
    String line =
        String.format(
            "%s: direct: slot freed %s | through TokenTap: upstream connection %s after %s,"
                + " slot freed %s; recorded %s%s",
            when,
            ms(direct.slotFreedMs()),
            via.closeState(),
            ms(via.closeMs()),
            ms(via.slotFreedMs()),
            rows.isEmpty() ? "nothing" : rows.getFirst().outcome().code(),
            via.note().isEmpty() ? "" : " (" + via.note() + ")");
    System.out.println(line);
    Path report = Path.of("target", "live-logs", "hangups.txt");
    Files.writeString(report, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);

    SoftAssertions soft = new SoftAssertions();
    soft.assertThat(via.note()).as(when + ": the run itself").isEmpty();
    soft.assertThat(via.closeMs())
        .as(when + ": ms until TokenTap's connection to llama-server left ESTABLISHED")
        .isBetween(0.0, 10.0);
    if (direct.slotFreedMs() >= 0) {
      soft.assertThat(via.slotFreedMs())
          .as(
              when
                  + ": ms until /slots shows the slot free (direct: "
                  + ms(direct.slotFreedMs())
                  + ")")
          .isBetween(0.0, direct.slotFreedMs() + 100);
    }
    soft.assertThat(rows).as(when + ": recorded exchanges").hasSize(1);
    if (!rows.isEmpty()) {
      soft.assertThat(rows.getFirst().outcome())
          .as(when + ": outcome")
          .isEqualTo(Outcome.CLIENT_ABORTED);
    }
    soft.assertAll();
  }

  private static String ms(double v) {
    return v < 0 ? "not within the cap" : String.format("%.1f ms", v);
  }

  private static void awaitIdle() throws Exception {
    assertThat(llama.awaitIdle(120_000)).as("llama-server idle again").isNotNegative();
  }

  private static String body(When when, String tag) {
    // A word of its own in front: the prompt cache never serves one run's prompt to the next.
    return switch (when) {
      case PROMPT_PROCESSING ->
          "{\"model\":\"tiny\",\"stream\":true,\"max_tokens\":16,\"messages\":[{\"role\":\"user\","
              + "\"content\":\""
              + tag
              + " "
              + "lorem ipsum dolor sit amet ".repeat(400)
              + "\"}]}";
      case MID_STREAM ->
          "{\"model\":\"tiny\",\"stream\":true,\"max_tokens\":3000,\"ignore_eos\":true,"
              + "\"messages\":[{\"role\":\"user\",\"content\":\""
              + tag
              + " Tell me a long story.\"}]}";
      case NON_STREAMED ->
          "{\"model\":\"tiny\",\"max_tokens\":1200,\"ignore_eos\":true,"
              + "\"messages\":[{\"role\":\"user\",\"content\":\""
              + tag
              + " Tell me a long story.\"}]}";
    };
  }

  /**
   * Sends the request to {@code port}, waits for the moment, hangs up and measures. With {@code
   * throughTokenTap}, TokenTap's socket to llama-server is the one ESTABLISHED socket to
   * llama-server's port that was not there before the request and is not the probe's.
   */
  private static Measured run(When when, int port, String tag, boolean throughTokenTap)
      throws Exception {
    List<Integer> before = TcpTable.establishedTo(llama.port());
    byte[] json = body(when, tag.replace(' ', '-')).getBytes(StandardCharsets.UTF_8);
    Socket client = new Socket(InetAddress.getLoopbackAddress(), port);
    OutputStream out = client.getOutputStream();
    out.write(
        ("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1:"
                + port
                + "\r\nContent-Type: application/json\r\nUser-Agent: hang-up-live-test\r\n"
                + "Content-Length: "
                + json.length
                + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    out.write(json);
    out.flush();

    String note = awaitMoment(when, client.getInputStream());

    int upstreamPort = -1;
    if (throughTokenTap) {
      List<Integer> fresh = new ArrayList<>(TcpTable.establishedTo(llama.port()));
      fresh.removeAll(before);
      fresh.removeAll(probe.ownPorts());
      if (fresh.size() == 1) {
        upstreamPort = fresh.getFirst();
      } else {
        note = (note.isEmpty() ? "" : note + "; ") + "TokenTap's upstream sockets: " + fresh;
      }
    }
    long t0 = System.nanoTime();
    CompletableFuture<Double> freed =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return probe.awaitFree(t0, SLOT_CAP_MS);
              } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1.0;
              }
            });
    client.close(); // the hang-up
    double closeMs = -1;
    String closeState = "n/a";
    if (upstreamPort >= 0) {
      closeState = "still ESTABLISHED";
      while (System.nanoTime() - t0 < 3_000_000_000L) {
        int state = TcpTable.state(upstreamPort, llama.port());
        if (state != TcpTable.ESTABLISHED) {
          closeMs = (System.nanoTime() - t0) / 1e6;
          closeState =
              "went "
                  + TcpTable.name(state)
                  + (TcpTable.closedByThisSide(state)
                      ? " (TokenTap closed it)"
                      : " (llama-server closed it)");
          break;
        }
        LockSupport.parkNanos(200_000); // about 0.3 ms between reads, leaving the CPU to the rest
      }
      if (closeMs < 0) {
        closeState = "was still ESTABLISHED";
      }
    }
    return new Measured(closeMs, closeState, freed.get(), note);
  }

  /**
   * Returns once the request is where {@code when} says; a non-empty note when it never got there.
   */
  private static String awaitMoment(When when, InputStream in) throws Exception {
    long deadline = System.nanoTime() + 60_000_000_000L;
    switch (when) {
      case PROMPT_PROCESSING -> {
        while (System.nanoTime() < deadline) {
          JsonNode slot = probe.busySlot();
          if (slot != null && SlotsProbe.decoded(slot) == 0) {
            if (slot.path("n_prompt_tokens_processed").asLong() >= 256) {
              return "";
            }
          } else if (slot != null) {
            return "prompt processing was over before the hang-up";
          }
          Thread.sleep(3);
        }
        return "prompt processing never seen";
      }
      case MID_STREAM -> {
        // 20 events of the stream have arrived
        int events = 0;
        int previous = -1;
        int b;
        while (events < 20 && (b = in.read()) >= 0) {
          if (b == '\n' && previous == '\n') {
            events++;
          }
          if (b != '\r') {
            previous = b;
          }
        }
        return events < 20 ? "the stream ended after " + events + " events" : "";
      }
      case NON_STREAMED -> {
        while (System.nanoTime() < deadline) {
          JsonNode slot = probe.busySlot();
          if (slot != null && SlotsProbe.decoded(slot) >= 50) {
            return "";
          }
          Thread.sleep(3);
        }
        return "generation never seen";
      }
    }
    return "";
  }
}
