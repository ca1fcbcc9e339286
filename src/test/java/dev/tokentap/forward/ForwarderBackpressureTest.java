package dev.tokentap.forward;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokentap.model.Exchange;
import dev.tokentap.model.Outcome;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A side that cannot take more slows the other: what the forwarder holds stays bounded by socket
 * buffers and Netty's write-buffer mark, whatever the body's size.
 */
class ForwarderBackpressureTest {

  private static final long BODY = 128L * 1024 * 1024;

  /** Kernel socket buffers on loopback autotune to a few MiB each; four of them lie on the way. */
  private static final long BOUND = 48L * 1024 * 1024;

  private ForwarderRig rig;

  @AfterEach
  void stop() throws Exception {
    rig.close();
  }

  private void serve(ScriptedUpstream.Script script) throws Exception {
    ScriptedUpstream upstream = new ScriptedUpstream(script);
    rig = ForwarderRig.start(upstream, upstream.url(), s -> s.withCaptureCap(0));
  }

  @Test
  void aClientThatStopsReadingStopsTheReadFromTheUpstream() throws Exception {
    AtomicLong written = new AtomicLong();
    serve(
        (s, in, out) -> {
          s.readHead(in);
          ScriptedUpstream.write(out, "HTTP/1.1 200 OK\r\nContent-Length: " + BODY + "\r\n\r\n");
          byte[] piece = new byte[64 * 1024];
          for (long sent = 0; sent < BODY; sent += piece.length) {
            out.write(piece);
            written.addAndGet(piece.length);
          }
          out.flush();
        });
    try (Socket client = new Socket("127.0.0.1", rig.port())) {
      client
          .getOutputStream()
          .write("GET /big HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
      InputStream in = client.getInputStream();
      in.read(new byte[1]); // the answer has begun; now the client reads nothing for a while
      long settled = settle(written);
      System.out.printf(
          "upstream wrote %.1f MiB while the client read nothing%n", settled / 1048576.0);
      assertThat(settled).isLessThan(BOUND);

      long read = 1 + drain(in, BODY);
      assertThat(read).isGreaterThan(BODY); // the head's bytes too
    }
    Exchange e = rig.nextExchange();
    assertThat(e.outcome()).isEqualTo(Outcome.OK);
    assertThat(e.responseBytes()).isEqualTo(BODY);
  }

  @Test
  void anUpstreamThatStopsReadingStopsTheReadFromTheClient() throws Exception {
    BlockingQueue<Boolean> readNow = new LinkedBlockingQueue<>();
    serve(
        (s, in, out) -> {
          s.readHead(in);
          readNow.take();
          long read = drain(in, BODY);
          ScriptedUpstream.write(
              out,
              "HTTP/1.1 200 OK\r\nContent-Length: "
                  + String.valueOf(read).length()
                  + "\r\n\r\n"
                  + read);
        });
    AtomicLong sent = new AtomicLong();
    try (Socket client = new Socket("127.0.0.1", rig.port())) {
      OutputStream out = client.getOutputStream();
      Thread sender =
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      out.write(
                          ("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: "
                                  + BODY
                                  + "\r\n\r\n")
                              .getBytes(StandardCharsets.ISO_8859_1));
                      byte[] piece = new byte[64 * 1024];
                      for (long n = 0; n < BODY; n += piece.length) {
                        out.write(piece);
                        sent.addAndGet(piece.length);
                      }
                    } catch (Exception e) {
                      throw new RuntimeException(e);
                    }
                  });
      long settled = settle(sent);
      System.out.printf(
          "client sent %.1f MiB while the upstream read nothing%n", settled / 1048576.0);
      assertThat(settled).isLessThan(BOUND);
      readNow.add(true);
      sender.join(Duration.ofSeconds(30));
      String expected = "HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\n" + BODY;
      byte[] answer = client.getInputStream().readNBytes(expected.length());
      assertThat(new String(answer, StandardCharsets.ISO_8859_1)).isEqualTo(expected);
    }
    assertThat(rig.nextExchange().requestBytes()).isEqualTo(BODY);
  }

  /** The counter's value once it has not moved for half a second (at most 20 s). */
  private static long settle(AtomicLong counter) throws InterruptedException {
    long last = -1;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      long now = counter.get();
      if (now == last && now > 0) {
        return now;
      }
      last = now;
      Thread.sleep(500);
    }
    return counter.get();
  }

  private static long drain(InputStream in, long atMost) throws Exception {
    byte[] buf = new byte[256 * 1024];
    long total = 0;
    while (total < atMost) {
      int n = in.read(buf, 0, (int) Math.min(buf.length, atMost - total));
      if (n < 0) {
        break;
      }
      total += n;
    }
    return total;
  }
}
