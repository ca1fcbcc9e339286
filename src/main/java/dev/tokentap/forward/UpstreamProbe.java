package dev.tokentap.forward;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Asks the upstream how it is: llama-server answers {@code GET /health} with 200 when ready and 503
 * while it loads a model; an OpenAI-compatible server of another kind answers {@code GET
 * /v1/models}. Blocking (at most about two timeouts); run it off the UI thread.
 */
public final class UpstreamProbe {

  /** What the upstream said. */
  public enum Health {
    /** llama-server, ready. */
    READY,
    /** llama-server, still loading its model (503 on /health). */
    LOADING,
    /** Answers HTTP, but not as llama-server (no /health); may still be OpenAI-compatible. */
    NOT_LLAMA_SERVER,
    /** Nothing answers there. */
    DOWN
  }

  private final HttpClient client;
  private final Duration timeout;

  public UpstreamProbe(Duration timeout) {
    this.timeout = timeout;
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /** Asks {@code upstream} (its base URL) once. */
  public Health check(URI upstream) {
    try {
      int health = status(upstream, "health");
      if (health == 200) {
        return Health.READY;
      }
      if (health == 503) {
        return Health.LOADING;
      }
      return Health.NOT_LLAMA_SERVER;
    } catch (IOException | IllegalArgumentException e) {
      return Health.DOWN;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Health.DOWN;
    }
  }

  private int status(URI base, String path) throws IOException, InterruptedException {
    String b = base.toString();
    URI uri = URI.create(b.endsWith("/") ? b + path : b + "/" + path);
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
    return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
  }
}
