package dev.tokentap.metrics;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.Arrays;

/**
 * Keeps the first bytes of a request body (decoded, if the client compressed it) and reads its
 * top-level {@code model} and {@code stream} fields. Tolerates a body cut off at the limit: fields
 * before the cut are still found (a string or boolean token is only complete once fully read).
 * Confined to the exchange's thread.
 */
final class RequestBodyProbe {

  /** What the request asked for; null fields were not in the body. */
  record Facts(String model, Boolean stream) {
    static final Facts NONE = new Facts(null, null);
  }

  private final int maxBytes;
  private final ContentDecoder decoder;
  private byte[] buf = new byte[0];
  private int len;
  private Facts facts = Facts.NONE;
  private boolean stale;
  private boolean closed;

  RequestBodyProbe(int maxBytes, String contentEncoding) {
    this.maxBytes = Math.max(0, maxBytes);
    this.decoder = ContentDecoder.forEncoding(contentEncoding);
  }

  void append(byte[] src, int off, int n) {
    if (closed || decoder == null || n <= 0 || len >= maxBytes) {
      return;
    }
    decoder.decode(src, off, n, this::keep);
    stale = true;
  }

  private void keep(byte[] src, int off, int n) {
    int take = Math.min(n, maxBytes - len);
    if (take <= 0) {
      return;
    }
    if (len + take > buf.length) {
      long grown = Math.max((long) len + take, Math.max(4096, buf.length * 2L));
      buf = Arrays.copyOf(buf, (int) Math.min(grown, maxBytes));
    }
    System.arraycopy(src, off, buf, len, take);
    len += take;
  }

  /** Bytes kept now: at most the limit. */
  int retainedBytes() {
    return buf.length;
  }

  /** The request's model and stream flag, read once per change of the kept bytes. */
  Facts facts() {
    if (stale) {
      stale = false;
      facts = read();
    }
    return facts;
  }

  /** Reads the facts a last time and frees the kept bytes; later bytes are ignored. */
  void close() {
    if (closed) {
      return;
    }
    facts();
    closed = true;
    buf = new byte[0];
    len = 0;
    if (decoder != null) {
      decoder.close();
    }
  }

  private Facts read() {
    String model = null;
    Boolean stream = null;
    try (JsonParser p = JsonPayloadReader.parser(buf, 0, len)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return Facts.NONE;
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        if ("model".equals(name) && value == JsonToken.VALUE_STRING && model == null) {
          model = p.getText();
        } else if ("stream".equals(name) && value != null && value.isBoolean() && stream == null) {
          stream = value == JsonToken.VALUE_TRUE;
        } else {
          p.skipChildren();
        }
      }
    } catch (IOException | RuntimeException e) {
      // Cut off or malformed: keep what was read before.
    }
    return new Facts(model == null || model.isEmpty() ? null : model, stream);
  }
}
