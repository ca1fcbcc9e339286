package dev.tokentap.replay;

import dev.tokentap.capture.Capture;
import dev.tokentap.capture.CaptureBody;
import dev.tokentap.model.Header;
import dev.tokentap.store.StoredExchange;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What a replay starts from: a stored exchange's request, read back from its capture (decoded, and
 * redacted as everything stored is), and the few of its headers that may be sent again.
 *
 * @param row the stored exchange
 * @param headers the harmless headers kept: {@code Content-Type}, {@code Accept}, {@code
 *     User-Agent} (never a credential, a cookie or a value the capture redacted)
 * @param body the request body as text (UTF-8), empty when it had none
 * @param model the request body's {@code model}, else the row's, else empty
 */
public record ReplaySource(StoredExchange row, List<Header> headers, String body, String model) {

  /** The value captures put in place of a secret. */
  public static final String REDACTED = "[REDACTED]";

  /** The request headers a replay sends again, when the capture has them. */
  static final Set<String> KEPT_HEADERS = Set.of("content-type", "accept", "user-agent");

  public ReplaySource {
    headers = List.copyOf(headers);
  }

  /**
   * Reads the request of {@code row} from its capture.
   *
   * @throws ReplayRefused when there is nothing faithful to send: no capture, a body cut by the
   *     capture cap or still content-encoded
   */
  public static ReplaySource of(StoredExchange row, Capture capture) throws ReplayRefused {
    if (capture == null) {
      throw new ReplayRefused(
          "Exchange #"
              + row.id()
              + " has no capture (captures were off, or it was pruned):"
              + " its request is not known, so it cannot be sent again.");
    }
    CaptureBody b = capture.request();
    String body = "";
    if (b != null && b.bytes().length > 0) {
      if (!b.decoded()) {
        throw new ReplayRefused(
            "The request body of exchange #"
                + row.id()
                + " is stored still "
                + b.wireEncoding()
                + "-encoded: TokenTap cannot edit or send it again.");
      }
      if (b.truncated()) {
        throw new ReplayRefused(
            "The request body of exchange #"
                + row.id()
                + " was cut by the capture cap ("
                + b.bytes().length
                + " of "
                + b.originalSize()
                + " bytes kept): the whole request is not known, so it cannot be sent again.");
      }
      body = new String(b.bytes(), StandardCharsets.UTF_8);
    }
    List<Header> kept = new ArrayList<>();
    for (Header h : capture.requestHeaders()) {
      if (KEPT_HEADERS.contains(h.name().toLowerCase(Locale.ROOT))
          && !h.value().contains(REDACTED)) {
        kept.add(h);
      }
    }
    String model = ReplayBody.model(body);
    if (model == null) {
      model = row.model() == null ? "" : row.model();
    }
    return new ReplaySource(row, kept, body, model);
  }

  /** The model server the exchange went to, when its stored URL can be used (nothing redacted). */
  public String upstream() {
    String u = row.upstream();
    return u == null || u.contains(REDACTED) ? "" : u;
  }
}
