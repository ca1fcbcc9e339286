package dev.tokentap.forward;

import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseEncoder;

/**
 * Netty's response encoder, told when the answer is to a {@code HEAD} request (it has no body,
 * whatever its framing headers say) and kept from changing the upstream's headers: it would drop
 * {@code Content-Length} from a 1xx or 204 answer and set one on a 205.
 */
final class ClientResponseEncoder extends HttpResponseEncoder {

  private boolean answeringHead;

  /** The response written next answers a {@code HEAD} request. */
  void answeringHead(boolean head) {
    answeringHead = head;
  }

  @Override
  protected boolean isContentAlwaysEmpty(HttpResponse msg) {
    return (answeringHead && msg.status().code() >= 200) || super.isContentAlwaysEmpty(msg);
  }

  @Override
  protected void sanitizeHeadersBeforeEncode(HttpResponse msg, boolean isAlwaysEmpty) {
    // the headers go to the client as the upstream sent them
  }
}
