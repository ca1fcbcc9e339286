package dev.tokentap.model;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ServiceLoader;

/**
 * The text of a stored capture that a search looks in: the words of a prompt and of an answer,
 * without JSON keys or stream framing where the endpoint is known. The store calls it on the
 * redacted, decoded bodies it stores; the implementation that knows the endpoints lives in {@code
 * metrics} and is found with {@link ServiceLoader} ({@link #installed()}), so every path that
 * writes captures (the recorder, the migration's back-fill, a session file) indexes the same text.
 */
public interface SearchText {

  /** The bodies as text, for when no implementation is installed (or a body is not readable). */
  SearchText DECODED =
      new SearchText() {
        @Override
        public String request(Endpoint endpoint, byte[] body) {
          return decoded(body);
        }

        @Override
        public String response(Endpoint endpoint, byte[] body) {
          return decoded(body);
        }
      };

  /** The searchable text of a request {@code body} to {@code endpoint} (never null). */
  String request(Endpoint endpoint, byte[] body);

  /**
   * The searchable text of a response {@code body} from {@code endpoint}, streamed or not (never
   * null).
   */
  String response(Endpoint endpoint, byte[] body);

  /**
   * {@code body} as text: decoded as UTF-8; empty for null and for a body that is not text (not
   * UTF-8, or holding control characters other than tab, line ends and form feed: an image, audio,
   * a zip), which would fill the index with noise.
   */
  static String decoded(byte[] body) {
    if (body == null || body.length == 0) {
      return "";
    }
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(body))
              .toString();
    } catch (CharacterCodingException e) {
      return "";
    }
    for (int i = 0; i < text.length(); i++) {
      char ch = text.charAt(i);
      if (ch < 0x20 && ch != '\t' && ch != '\n' && ch != '\r' && ch != '\f') {
        return "";
      }
    }
    return text;
  }

  /** The implementation on the class path, or {@link #DECODED} when there is none. */
  static SearchText installed() {
    return ServiceLoader.load(SearchText.class, SearchText.class.getClassLoader())
        .findFirst()
        .orElse(DECODED);
  }
}
