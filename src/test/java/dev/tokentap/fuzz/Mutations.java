package dev.tokentap.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.RandomDistribution;

/**
 * Byte-level edits of a seed (a real body): bit flips, odd bytes, truncation, deletion, a range
 * repeated in place (long lines, deep nesting), and tokens from a dictionary of what the parsers
 * look for (field names, framing, huge numbers, secrets) inserted, possibly many times. Positions
 * are fractions of the current length, so every edit applies to any input and a printed edit list
 * replays exactly: {@code Mutations.apply(seed, edits)}.
 */
public final class Mutations {

  /** Inputs stop growing here, so that a try stays quick. */
  public static final int MAX_LENGTH = 1024 * 1024;

  /** One edit; applied to a copy, never in place. */
  public sealed interface Edit permits Flip, Put, Cut, Delete, Repeat, Insert {
    byte[] apply(byte[] in);
  }

  /** Flips one bit of the byte at {@code at}. */
  public record Flip(double at, int bit) implements Edit {
    @Override
    public byte[] apply(byte[] in) {
      if (in.length == 0) {
        return in;
      }
      byte[] out = in.clone();
      out[index(at, in.length - 1)] ^= (byte) (1 << (bit & 7));
      return out;
    }
  }

  /** Overwrites the byte at {@code at}. */
  public record Put(double at, int value) implements Edit {
    @Override
    public byte[] apply(byte[] in) {
      if (in.length == 0) {
        return new byte[] {(byte) value};
      }
      byte[] out = in.clone();
      out[index(at, in.length - 1)] = (byte) value;
      return out;
    }
  }

  /** Keeps what comes before {@code at}. */
  public record Cut(double at) implements Edit {
    @Override
    public byte[] apply(byte[] in) {
      return Arrays.copyOf(in, index(at, in.length));
    }
  }

  /** Removes {@code length} bytes at {@code at}. */
  public record Delete(double at, int length) implements Edit {
    @Override
    public byte[] apply(byte[] in) {
      int from = index(at, in.length);
      int to = (int) Math.min(in.length, (long) from + length);
      return concat(Arrays.copyOf(in, from), Arrays.copyOfRange(in, to, in.length));
    }
  }

  /** Repeats the {@code length} bytes at {@code at} {@code times} more times, in place. */
  public record Repeat(double at, int length, int times) implements Edit {
    @Override
    public byte[] apply(byte[] in) {
      int from = index(at, in.length);
      int to = (int) Math.min(in.length, (long) from + length);
      return insert(in, to, Arrays.copyOfRange(in, from, to), times);
    }
  }

  /** Inserts {@code token} {@code times} times at {@code at}. */
  public record Insert(double at, String token, int times) implements Edit {
    @Override
    public byte[] apply(byte[] in) {
      return insert(in, index(at, in.length), token.getBytes(StandardCharsets.ISO_8859_1), times);
    }
  }

  /** What the parsers look for, and what tends to hurt them. Read as ISO-8859-1 bytes. */
  public static final List<String> DICTIONARY =
      List.of(
          // SSE and NDJSON framing
          "data: ",
          "data:",
          "event: ",
          "event: message_delta\n",
          ": keep-alive\n",
          "id: 7\n",
          "\n",
          "\r",
          "\r\n",
          "\n\n",
          "\r\r",
          "\r\n\r\n",
          "data: [DONE]\n\n",
          // JSON structure and odd values
          "{",
          "}",
          "[",
          "]",
          "\"",
          "\\",
          "\\\"",
          ",",
          ":",
          "null",
          "true",
          "-0",
          "-1",
          "0.5",
          "1e400",
          "-1e400",
          "1e-400",
          "9223372036854775807",
          "9223372036854775808",
          "-9223372036854775809",
          "18446744073709551616",
          "123456789012345678901234567890123456789012345678901234567890",
          "NaN",
          "Infinity",
          "\\u0000",
          "\\ud800",
          "\u0000",
          "\u00ff",
          "\u00c3",
          "\u00e2\u0082",
          "\u00ef\u00bb\u00bf",
          // fields the usage extractor reads, with values at the edges
          "\"usage\":{\"prompt_tokens\":9223372036854775807,\"completion_tokens\":9223372036854775807,"
              + "\"prompt_tokens_details\":{\"cached_tokens\":9223372036854775807}},",
          "\"usage\":{\"input_tokens\":9223372036854775807,\"output_tokens\":-1,"
              + "\"cache_read_input_tokens\":9223372036854775807,"
              + "\"cache_creation_input_tokens\":9223372036854775807},",
          "\"timings\":{\"prompt_n\":1e308,\"cache_n\":-5,\"predicted_n\":2.5,"
              + "\"prompt_per_second\":1e400,\"predicted_per_second\":-1},",
          "\"type\":\"message_delta\",",
          "\"type\":\"message_start\",",
          "\"type\":\"response.completed\",",
          "\"response\":{\"usage\":{\"input_tokens\":1e20}},",
          "\"prompt_eval_count\":9223372036854775807,\"prompt_eval_duration\":1,",
          "\"eval_count\":1,\"eval_duration\":0,",
          "\"choices\":[],",
          "\"choices\":[null],",
          "\"model\":{},",
          "\"stream\":true,",
          // secrets and what redaction looks for
          "\"api_key\":\"",
          "\"password\": \"hunter2hunter2\"",
          "api_key=",
          "&token=",
          "sk-",
          "sk-proj-0123456789abcdefghijKLMN",
          "Bearer ",
          "Bearer abcdefgh.ijklmnop.qrstuvwx",
          "ghp_",
          "github_pat_",
          "AKIA",
          "AIza",
          "hf_",
          "xoxb-",
          "-----BEGIN PRIVATE KEY-----",
          "-----END PRIVATE KEY-----",
          "-----BEGIN ",
          "-----END ");

  private Mutations() {}

  /** Up to {@code maxEdits} edits, each kind about as likely, large repeats rare. */
  public static Arbitrary<List<Edit>> edits(int maxEdits) {
    return edit().list().ofMaxSize(maxEdits);
  }

  /** One edit of any kind. */
  public static Arbitrary<Edit> edit() {
    Arbitrary<Double> at = Arbitraries.doubles().between(0, 1).ofScale(6);
    Arbitrary<Integer> length =
        Arbitraries.integers().between(0, 70_000).withDistribution(RandomDistribution.biased());
    Arbitrary<Integer> times =
        Arbitraries.integers().between(1, 100_000).withDistribution(RandomDistribution.biased());
    return Arbitraries.oneOf(
        Combinators.combine(at, Arbitraries.integers().between(0, 7)).as(Flip::new),
        Combinators.combine(at, Arbitraries.integers().between(0, 255)).as(Put::new),
        at.map(Cut::new),
        Combinators.combine(at, length).as(Delete::new),
        Combinators.combine(at, Arbitraries.integers().between(1, 64), times).as(Repeat::new),
        Combinators.combine(at, Arbitraries.of(DICTIONARY), times).as(Insert::new));
  }

  /** {@code seed} with the edits applied in order. */
  public static byte[] apply(byte[] seed, List<Edit> edits) {
    byte[] out = seed;
    for (Edit e : edits) {
      out = e.apply(out);
    }
    return out;
  }

  /** Index {@code at} (a fraction) of the way into {@code [0, max]}. */
  static int index(double at, int max) {
    return (int) Math.max(0, Math.min(max, Math.floor(at * max)));
  }

  private static byte[] insert(byte[] in, int at, byte[] unit, int times) {
    if (unit.length == 0) {
      return in;
    }
    long room = Math.max(0, MAX_LENGTH - (long) in.length);
    int n = (int) Math.min(times, room / unit.length);
    ByteArrayOutputStream out = new ByteArrayOutputStream(in.length + n * unit.length);
    out.write(in, 0, at);
    for (int i = 0; i < n; i++) {
      out.write(unit, 0, unit.length);
    }
    out.write(in, at, in.length - at);
    return out.toByteArray();
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
