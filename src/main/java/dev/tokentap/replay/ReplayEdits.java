package dev.tokentap.replay;

import dev.tokentap.server.ReplayRequest;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * What the user asks of a replay: the body (as edited), the model, the upstream's base URL and an
 * optional credential, which is sent as {@code Authorization: Bearer} and never stored; {@link
 * #toString} leaves it out.
 */
public record ReplayEdits(String body, String model, String upstream, String credential) {

  public ReplayEdits {
    body = body == null ? "" : body;
    model = model == null ? "" : model.strip();
    upstream = upstream == null ? "" : upstream.strip();
  }

  /** The source sent as it was (its stored upstream unless {@code upstream} is given). */
  public static ReplayEdits unchanged(ReplaySource s, String upstream, String credential) {
    return new ReplayEdits(
        s.body(),
        s.model(),
        upstream == null || upstream.isBlank() ? s.upstream() : upstream,
        credential);
  }

  /**
   * The request to send for {@code source} with these edits.
   *
   * @throws ReplayRefused with what to correct: invalid JSON, a redacted value left in the body or
   *     query, no or a bad upstream URL
   */
  public ReplayRequest request(ReplaySource source) throws ReplayRefused {
    String sent = ReplayBody.edited(body, model);
    if (sent.contains(ReplaySource.REDACTED)) {
      throw new ReplayRefused(
          "The body holds a value the capture redacted ("
              + ReplaySource.REDACTED
              + "): TokenTap never sends it. Put the real value in its place, or remove it.");
    }
    String query = source.row().query();
    if (query != null && query.contains(ReplaySource.REDACTED)) {
      throw new ReplayRefused(
          "The query string held a secret the capture redacted ("
              + query
              + "): it cannot be"
              + " sent again.");
    }
    return new ReplayRequest(
        source.row().id(),
        uri(),
        source.row().method(),
        source.row().path(),
        query,
        source.headers(),
        sent.getBytes(StandardCharsets.UTF_8),
        credential);
  }

  private URI uri() throws ReplayRefused {
    if (upstream.isEmpty()) {
      throw new ReplayRefused(
          "No upstream URL: give the model server's base URL, e.g. http://127.0.0.1:8080.");
    }
    try {
      URI u = new URI(upstream);
      String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
      if (!(scheme.equals("http") || scheme.equals("https")) || u.getHost() == null) {
        throw new URISyntaxException(upstream, "not an http(s) URL with a host");
      }
      return u;
    } catch (URISyntaxException e) {
      throw new ReplayRefused(
          "The upstream URL is not an http(s) URL with a host: " + upstream + ".");
    }
  }

  @Override
  public String toString() {
    return "ReplayEdits[model="
        + model
        + ", upstream="
        + upstream
        + ", "
        + body.length()
        + " chars"
        + (credential == null || credential.isBlank() ? "" : ", with a credential")
        + "]";
  }
}
