package dev.tokentap.model;

import java.util.List;
import java.util.Objects;

/** One HTTP header as it was on the wire: name case and order are kept. */
public record Header(String name, String value) {

  public Header {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
  }

  /** The first value of {@code name} (case-insensitive) in {@code headers}, or null. */
  public static String first(List<Header> headers, String name) {
    for (Header h : headers) {
      if (h.name.equalsIgnoreCase(name)) {
        return h.value;
      }
    }
    return null;
  }
}
