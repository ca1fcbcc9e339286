package dev.tokentap.server;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.time.Duration;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSource;

/**
 * The one HTTP client for TokenTap's own calls to the model server (health, {@code /slots}, {@code
 * /props}, {@code /metrics}, ...), on OkHttp (decision 0023). Short timeouts, no redirects, no
 * retries of its own, no logging: a URL's user info is never printed, and error messages name the
 * path only. The forwarder does not use it. Blocking; call it off the FX thread.
 */
public final class ServerHttp implements AutoCloseable {

  /** A body longer than this is not read (a {@code /metrics} or {@code /slots} is a few KB). */
  static final int MAX_BODY = 4 * 1024 * 1024;

  /** What a GET answered: its status and body (empty when too long or not read). */
  public record Reply(int status, byte[] body) {
    public boolean ok() {
      return status >= 200 && status < 300;
    }
  }

  private final OkHttpClient client;
  private final String userAgent;

  /**
   * @param userAgent sent with every call, so the model server's log (and a test's fake server) can
   *     tell TokenTap's own calls from the clients' it forwards
   */
  public ServerHttp(Duration timeout, String userAgent) {
    this.userAgent = userAgent;
    this.client =
        new OkHttpClient.Builder()
            .connectTimeout(timeout)
            .readTimeout(timeout)
            .writeTimeout(timeout)
            .callTimeout(timeout.multipliedBy(2))
            .followRedirects(false)
            .followSslRedirects(false)
            .retryOnConnectionFailure(true)
            .build();
  }

  /**
   * GETs {@code path} (without a leading slash) below {@code base}.
   *
   * @throws IOException when nothing answers (refused, timed out, torn)
   * @throws IllegalArgumentException when {@code base} is not an http(s) URL
   */
  public Reply get(URI base, String path) throws IOException {
    Request request =
        new Request.Builder()
            .url(resolve(base, path))
            .header("User-Agent", userAgent)
            .get()
            .build();
    try (Response response = client.newCall(request).execute()) {
      ResponseBody body = response.body();
      // read into Okio's pooled segments, then one array of the body's size (a stream's
      // readNBytes took a 16 KiB buffer per call; the slots are read up to four times a second)
      BufferedSource source = body.source();
      boolean tooBig = body.contentLength() > MAX_BODY || source.request(MAX_BODY + 1L);
      return new Reply(response.code(), tooBig ? new byte[0] : source.readByteArray());
    } catch (IOException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      // OkHttp is Kotlin: an interrupted connect throws InterruptedException without declaring
      // it, which would escape every catch of the caller (seen when a window closes mid-read)
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      InterruptedIOException io = new InterruptedIOException("interrupted: " + e);
      io.initCause(e);
      throw io;
    }
  }

  /**
   * A call of {@code request} on this client's connections and threads for an answer that may take
   * long (a replayed generation): no call timeout, and up to {@code silence} between two reads.
   */
  okhttp3.Call longCall(Request request, Duration silence) {
    return client
        .newBuilder()
        .readTimeout(silence)
        .callTimeout(Duration.ZERO)
        .retryOnConnectionFailure(false)
        .build()
        .newCall(request);
  }

  /** {@code base}'s URL with {@code path} appended to its path; its user info dropped. */
  static HttpUrl resolve(URI base, String path) {
    HttpUrl url = HttpUrl.get(base.toString());
    HttpUrl.Builder b = url.newBuilder().username("").password("").query(null).fragment(null);
    String prefix = url.encodedPath();
    b.encodedPath((prefix.endsWith("/") ? prefix : prefix + "/") + path);
    return b.build();
  }

  /** Lets go of idle connections and the client's threads. */
  @Override
  public void close() {
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
  }
}
