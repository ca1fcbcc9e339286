package dev.tokentap.app;

import dev.tokentap.capture.CaptureRedactor;
import dev.tokentap.model.Addresses;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.ITypeConverter;

/**
 * The values of TokenTap's options, read and checked once for the command line (the picocli
 * converters below) and the config file ({@link Config}). A malformed value is a {@link
 * UsageException} whose message names the option.
 */
final class OptionValues {

  private OptionValues() {}

  static Path defaultDataDir(Map<String, String> env) {
    String xdg = env.get("XDG_DATA_HOME");
    if (xdg != null && !xdg.isBlank()) {
      return Path.of(xdg, "tokentap");
    }
    String home = env.getOrDefault("HOME", System.getProperty("user.home"));
    return Path.of(home, ".local", "share", "tokentap");
  }

  static InetSocketAddress listenAddress(String text) throws UsageException {
    try {
      return Addresses.listenAddress(text);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--listen " + e.getMessage());
    }
  }

  /** {@code --metrics-listen}: HOST:PORT, or a bare PORT on the loopback address. */
  static InetSocketAddress metricsAddress(String text) throws UsageException {
    try {
      return text.chars().allMatch(Character::isDigit)
          ? Addresses.listenAddress("127.0.0.1:" + text)
          : Addresses.listenAddress(text);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--metrics-listen " + e.getMessage());
    }
  }

  static URI upstreamUrl(String text) throws UsageException {
    try {
      return Addresses.upstreamUrl(text);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--upstream " + CaptureRedactor.redactText(e.getMessage()));
    }
  }

  /** An OTLP/HTTP collector's URL: http or https, with a host. */
  static URI otlpUrl(String text) throws UsageException {
    try {
      URI u = new URI(text.trim());
      String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
      if ((scheme.equals("http") || scheme.equals("https")) && u.getHost() != null) {
        return u;
      }
    } catch (URISyntaxException e) {
      // the message below
    }
    throw new UsageException(
        "--otlp wants an OTLP/HTTP collector URL such as http://127.0.0.1:4318, not '"
            + CaptureRedactor.redactText(text)
            + "'");
  }

  /** {@code --capture-cap}: "16M", "512K", "1G" or plain bytes. */
  static int size(String text) throws UsageException {
    String t = text.trim().toUpperCase(Locale.ROOT);
    long unit = 1;
    if (t.endsWith("IB")) {
      t = t.substring(0, t.length() - 2);
    } else if (t.endsWith("B")) {
      t = t.substring(0, t.length() - 1);
    }
    if (t.endsWith("K")) {
      unit = 1024;
    } else if (t.endsWith("M")) {
      unit = 1024 * 1024;
    } else if (t.endsWith("G")) {
      unit = 1024L * 1024 * 1024;
    }
    if (unit > 1) {
      t = t.substring(0, t.length() - 1);
    }
    try {
      long bytes = Long.parseLong(t.trim()) * unit;
      if (bytes < 0 || bytes > Integer.MAX_VALUE - 8) {
        throw new NumberFormatException();
      }
      return (int) bytes;
    } catch (NumberFormatException e) {
      throw new UsageException(
          "--capture-cap wants a size such as 512K or 16M (at most 2G), not '" + text + "'");
    }
  }

  /**
   * The one of {@code values} whose name in lower case is {@code text} (any case); else a {@link
   * UsageException} that lists them, in the order given.
   */
  @SafeVarargs
  static <E extends Enum<E>> E choice(String text, String option, E... values)
      throws UsageException {
    List<String> names = new ArrayList<>();
    for (E value : values) {
      String name = value.name().toLowerCase(Locale.ROOT);
      if (name.equals(text.strip().toLowerCase(Locale.ROOT))) {
        return value;
      }
      names.add(name);
    }
    throw new UsageException(
        option
            + " wants "
            + String.join(", ", names.subList(0, names.size() - 1))
            + " or "
            + names.getLast()
            + ", not '"
            + text
            + "'");
  }

  /** Reads one option's value; a malformed one is a {@link UsageException} naming the option. */
  @FunctionalInterface
  interface Reader<T> {
    T read(String text) throws UsageException;
  }

  /** A picocli converter for one option (picocli wants a class per converter). */
  abstract static class Converter<T> implements ITypeConverter<T> {
    private final Reader<T> reader;

    Converter(Reader<T> reader) {
      this.reader = reader;
    }

    @Override
    public final T convert(String text) throws UsageException {
      return reader.read(text);
    }
  }

  static final class Listen extends Converter<InetSocketAddress> {
    Listen() {
      super(OptionValues::listenAddress);
    }
  }

  static final class MetricsListen extends Converter<InetSocketAddress> {
    MetricsListen() {
      super(OptionValues::metricsAddress);
    }
  }

  static final class Upstream extends Converter<URI> {
    Upstream() {
      super(OptionValues::upstreamUrl);
    }
  }

  static final class Otlp extends Converter<URI> {
    Otlp() {
      super(OptionValues::otlpUrl);
    }
  }

  static final class CaptureCap extends Converter<Integer> {
    CaptureCap() {
      super(OptionValues::size);
    }
  }

  static final class KeepAge extends Converter<Duration> {
    KeepAge() {
      super(text -> RetentionConfig.age(text, "--keep-age"));
    }
  }

  static final class KeepSummaries extends Converter<Duration> {
    KeepSummaries() {
      super(text -> RetentionConfig.age(text, "--keep-summaries"));
    }
  }

  static final class KeepExchanges extends Converter<Long> {
    KeepExchanges() {
      super(text -> RetentionConfig.count(text, "--keep-exchanges"));
    }
  }

  static final class KeepCaptures extends Converter<Long> {
    KeepCaptures() {
      super(text -> RetentionConfig.size(text, "--keep-captures"));
    }
  }
}
