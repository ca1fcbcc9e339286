package dev.tokentap.server;

import java.io.IOException;
import java.net.URI;

/**
 * Asks the upstream how it is: llama-server answers {@code GET /health} with 200 when ready and 503
 * while it loads a model; an OpenAI-compatible server of another kind answers something else.
 * Blocking (at most about two timeouts of its {@link ServerHttp}); run it off the UI thread.
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

  private final ServerHttp http;

  public UpstreamProbe(ServerHttp http) {
    this.http = http;
  }

  /** Asks {@code upstream} (its base URL) once. */
  public Health check(URI upstream) {
    try {
      int health = http.get(upstream, "health").status();
      if (health == 200) {
        return Health.READY;
      }
      if (health == 503) {
        return Health.LOADING;
      }
      return Health.NOT_LLAMA_SERVER;
    } catch (IOException | IllegalArgumentException e) {
      return Health.DOWN;
    }
  }
}
