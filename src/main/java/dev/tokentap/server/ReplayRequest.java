package dev.tokentap.server;

import dev.tokentap.model.Header;
import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * A stored request, as TokenTap sends it again.
 *
 * @param replayOf the id of the exchange it replays
 * @param upstream the base URL of the model server to send it to
 * @param path the path, as the client sent it
 * @param query the raw query without '?', or null
 * @param headers the headers to send (harmless ones only: never a credential from the capture)
 * @param body the body to send (empty for none)
 * @param credential an API key to send as {@code Authorization: Bearer}, or null; it is never
 *     stored, and {@link #toString} leaves it out
 */
public record ReplayRequest(
    long replayOf,
    URI upstream,
    String method,
    String path,
    String query,
    List<Header> headers,
    byte[] body,
    String credential) {

  public ReplayRequest {
    Objects.requireNonNull(upstream, "upstream");
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    headers = List.copyOf(headers);
    body = body == null ? new byte[0] : body;
    credential = credential == null || credential.isBlank() ? null : credential.strip();
  }

  /** The headers sent: {@link #headers} and, with a credential, its {@code Authorization}. */
  public List<Header> sentHeaders() {
    if (credential == null) {
      return headers;
    }
    List<Header> all = new java.util.ArrayList<>(headers);
    all.add(new Header("Authorization", "Bearer " + credential));
    return List.copyOf(all);
  }

  @Override
  public String toString() {
    return "ReplayRequest[replayOf="
        + replayOf
        + ", "
        + method
        + " "
        + path
        + ", "
        + body.length
        + " bytes"
        + (credential == null ? "" : ", with a credential")
        + "]";
  }
}
