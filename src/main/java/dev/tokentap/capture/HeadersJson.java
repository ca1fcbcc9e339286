package dev.tokentap.capture;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokentap.model.Header;
import java.util.ArrayList;
import java.util.List;

/**
 * Headers as stored: a JSON array of {@code ["Name","value"]} pairs, wire order and name case kept,
 * readable with {@code sqlite3} as it is.
 */
public final class HeadersJson {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<List<List<String>>> PAIRS = new TypeReference<>() {};

  private HeadersJson() {}

  public static String write(List<Header> headers) {
    List<List<String>> pairs = new ArrayList<>(headers.size());
    for (Header h : headers) {
      pairs.add(List.of(h.name(), h.value()));
    }
    try {
      return JSON.writeValueAsString(pairs);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write headers as JSON", e);
    }
  }

  /**
   * Reads what {@link #write} wrote.
   *
   * @throws IllegalArgumentException when {@code json} is not such an array
   */
  public static List<Header> read(String json) {
    try {
      List<List<String>> pairs = JSON.readValue(json, PAIRS);
      if (pairs == null) {
        throw new IllegalArgumentException("not a JSON header list: null");
      }
      List<Header> headers = new ArrayList<>(pairs.size());
      for (List<String> pair : pairs) {
        if (pair == null || pair.size() != 2 || pair.contains(null)) {
          throw new IllegalArgumentException("not a header pair: " + pair);
        }
        headers.add(new Header(pair.get(0), pair.get(1)));
      }
      return headers;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a JSON header list: " + e.getOriginalMessage(), e);
    }
  }
}
