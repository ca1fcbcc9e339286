package dev.tokentap.forward;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.tokentap.model.Exchange;
import dev.tokentap.model.ExchangeMeter;
import dev.tokentap.model.Outcome;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Bodies that no fixture has: huge ones both ways (streamed, never held), compressed answers,
 * requests without a body, and many streams at once.
 */
class ForwarderBodiesTest {

  private static final long HUGE = 1024L * 1024 * 1024;

  private HttpServer upstream;
  private Forwarder forwarder;
  private final BlockingQueue<Exchange> finished = new LinkedBlockingQueue<>();
  private final AtomicLong uploaded = new AtomicLong();
  private final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeEach
  void start() throws IOException {
    upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 100);
    upstream.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    upstream.createContext("/upload", this::countUpload);
    upstream.createContext("/download", this::sendHuge);
    upstream.createContext("/gzip", this::sendGzip);
    upstream.createContext("/echo-method", this::echoMethod);
    upstream.createContext("/slow-stream", this::slowStream);
    upstream.start();
    URI to = URI.create("http://127.0.0.1:" + upstream.getAddress().getPort());
    ExchangeListener listener =
        new ExchangeListener() {
          @Override
          public void finished(Exchange exchange) {
            finished.add(exchange);
          }
        };
    AtomicLong ids = new AtomicLong();
    forwarder =
        new Forwarder(
            ForwarderSettings.of(new InetSocketAddress("127.0.0.1", 0), to).withCaptureCap(1024),
            ExchangeMeter.Factory.NONE,
            listener,
            ids::incrementAndGet);
    forwarder.start();
  }

  @AfterEach
  void stop() {
    forwarder.stop(Duration.ZERO);
    upstream.stop(0);
  }

  private URI via(String path) {
    return URI.create("http://127.0.0.1:" + forwarder.address().getPort() + path);
  }

  @Test
  void aHugeUploadStreamsThroughWithoutBeingHeld() throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(via("/upload"))
            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new Zeros(HUGE)))
            .build();
    HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(uploaded.get()).isEqualTo(HUGE);
    Exchange e = finished.poll(10, TimeUnit.SECONDS);
    assertThat(e.requestBytes()).isEqualTo(HUGE);
    assertThat(e.requestBody().truncated()).isTrue();
    assertThat(e.requestBody().bytes()).hasSize(1024);
    assertThat(e.requestBody().totalBytes()).isEqualTo(HUGE);
  }

  @Test
  void aHugeDownloadStreamsThroughWithoutBeingHeld() throws Exception {
    HttpResponse<InputStream> response =
        client.send(
            HttpRequest.newBuilder(via("/download")).build(),
            HttpResponse.BodyHandlers.ofInputStream());
    long got = 0;
    try (InputStream in = response.body()) {
      byte[] buf = new byte[64 * 1024];
      int n;
      while ((n = in.read(buf)) >= 0) {
        got += n;
      }
    }
    assertThat(got).isEqualTo(HUGE);
    Exchange e = finished.poll(10, TimeUnit.SECONDS);
    assertThat(e.responseBytes()).isEqualTo(HUGE);
    assertThat(e.responseBody().truncated()).isTrue();
    assertThat(e.outcome()).isEqualTo(Outcome.OK);
  }

  @Test
  void aCompressedAnswerReachesTheClientCompressed() throws Exception {
    HttpResponse<byte[]> response =
        client.send(
            HttpRequest.newBuilder(via("/gzip")).header("Accept-Encoding", "gzip").build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(response.headers().firstValue("Content-Encoding")).hasValue("gzip");
    assertThat(response.body()).isEqualTo(gzip(GZIP_TEXT));
  }

  @Test
  void requestsWithoutABodyKeepTheirMethod() throws Exception {
    for (String method : List.of("GET", "DELETE", "OPTIONS", "POST", "PUT")) {
      HttpResponse<String> response =
          client.send(
              HttpRequest.newBuilder(via("/echo-method"))
                  .method(method, HttpRequest.BodyPublishers.noBody())
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(response.body()).isEqualTo(method + " 0");
    }
    HttpResponse<String> head =
        client.send(
            HttpRequest.newBuilder(via("/echo-method")).HEAD().build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
  }

  @Test
  void manyStreamsRunAtOnce() throws Exception {
    int streams = 40;
    List<java.util.concurrent.Future<String>> answers = new ArrayList<>();
    try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < streams; i++) {
        answers.add(
            pool.submit(
                () ->
                    client
                        .send(
                            HttpRequest.newBuilder(via("/slow-stream")).build(),
                            HttpResponse.BodyHandlers.ofString())
                        .body()));
      }
      for (var a : answers) {
        assertThat(a.get(60, TimeUnit.SECONDS)).isEqualTo(SLOW_STREAM);
      }
    }
    for (int i = 0; i < streams; i++) {
      assertThat(finished.poll(10, TimeUnit.SECONDS).outcome()).isEqualTo(Outcome.OK);
    }
  }

  private void countUpload(com.sun.net.httpserver.HttpExchange x) throws IOException {
    byte[] buf = new byte[64 * 1024];
    long n = 0;
    int r;
    try (InputStream in = x.getRequestBody()) {
      while ((r = in.read(buf)) >= 0) {
        n += r;
      }
    }
    uploaded.set(n);
    x.sendResponseHeaders(200, -1);
    x.close();
  }

  private void sendHuge(com.sun.net.httpserver.HttpExchange x) throws IOException {
    x.sendResponseHeaders(200, HUGE);
    byte[] buf = new byte[64 * 1024];
    try (OutputStream out = x.getResponseBody()) {
      for (long sent = 0; sent < HUGE; sent += buf.length) {
        out.write(buf);
      }
    }
  }

  private static final String GZIP_TEXT = "{\"usage\":{\"prompt_tokens\":3}}".repeat(50);

  private void sendGzip(com.sun.net.httpserver.HttpExchange x) throws IOException {
    byte[] body = gzip(GZIP_TEXT);
    x.getResponseHeaders().set("Content-Encoding", "gzip");
    x.getResponseHeaders().set("Content-Type", "application/json");
    x.sendResponseHeaders(200, body.length);
    try (OutputStream out = x.getResponseBody()) {
      out.write(body);
    }
  }

  private void echoMethod(com.sun.net.httpserver.HttpExchange x) throws IOException {
    byte[] got = x.getRequestBody().readAllBytes();
    byte[] body = (x.getRequestMethod() + " " + got.length).getBytes(StandardCharsets.UTF_8);
    x.sendResponseHeaders(200, x.getRequestMethod().equals("HEAD") ? -1 : body.length);
    try (OutputStream out = x.getResponseBody()) {
      if (!x.getRequestMethod().equals("HEAD")) {
        out.write(body);
      }
    }
  }

  private static final String SLOW_STREAM = "data: {\"n\":1}\n\n".repeat(20);

  private void slowStream(com.sun.net.httpserver.HttpExchange x) throws IOException {
    x.getResponseHeaders().set("Content-Type", "text/event-stream");
    x.sendResponseHeaders(200, 0);
    try (OutputStream out = x.getResponseBody()) {
      for (int i = 0; i < 20; i++) {
        out.write("data: {\"n\":1}\n\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
        Thread.sleep(10);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static byte[] gzip(String text) {
    try {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      try (GZIPOutputStream z = new GZIPOutputStream(b)) {
        z.write(text.getBytes(StandardCharsets.UTF_8));
      }
      return b.toByteArray();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** {@code length} zero bytes, made as they are read. */
  private static final class Zeros extends InputStream {
    private long left;

    Zeros(long length) {
      this.left = length;
    }

    @Override
    public int read() {
      if (left == 0) {
        return -1;
      }
      left--;
      return 0;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (left == 0) {
        return -1;
      }
      int n = (int) Math.min(len, left);
      Arrays.fill(b, off, off + n, (byte) 0);
      left -= n;
      return n;
    }
  }
}
