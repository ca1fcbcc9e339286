package dev.tokentap.app;

import dev.tokentap.store.ExchangeFilter;
import dev.tokentap.store.ExchangeStore;
import dev.tokentap.testing.Fixture;
import dev.tokentap.testing.RawClient;
import dev.tokentap.testing.ReplayUpstream;
import dev.tokentap.testing.ReplayUpstream.Reply;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What the end-to-end tests of the app share: a marked secret, the launcher, waiting for rows. */
final class AppTesting {
  private AppTesting() {}

  /** Searched for in every file and capture; no stored or exported byte may contain it. */
  static final String MARK = "TOKENTAPSECRET";

  /** An API key shaped like a real one, carrying {@link #MARK}. */
  static final String KEY = "sk-" + MARK + "-0123456789abcdef";

  /** What one command-line run printed, and its exit code. */
  static final class Run {
    final int code;
    final String out;
    final String err;

    Run(int code, String out, String err) {
      this.code = code;
      this.out = out;
      this.err = err;
    }
  }

  /** Runs the command line in this JVM, as {@code java -jar tokentap.jar ARGS} would. */
  static Run run(Object... args) {
    List<String> all = new ArrayList<>();
    for (Object a : args) {
      all.add(a.toString());
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        Launcher.run(
            all.toArray(String[]::new),
            Map.of(),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** A chat request with {@link #KEY} in the Authorization header, the query, a field and text. */
  static byte[] secretRequest() {
    String body =
        "{\"model\":\"tiny\",\"api_key\":\""
            + MARK
            + "-field\",\"messages\":[{\"role\":\"user\",\"content\":\"my key is "
            + KEY
            + "\"}]}";
    byte[] bodyBytes = body.getBytes(StandardCharsets.UTF_8);
    String head =
        "POST /v1/chat/completions?api_key="
            + MARK
            + "-query HTTP/1.1\r\n"
            + "Host: 127.0.0.1\r\n"
            + "Authorization: Bearer "
            + KEY
            + "\r\n"
            + "Content-Type: application/json\r\n"
            + "Content-Length: "
            + bodyBytes.length
            + "\r\n\r\n";
    ByteArrayOutputStream wire = new ByteArrayOutputStream();
    wire.writeBytes(head.getBytes(StandardCharsets.ISO_8859_1));
    wire.writeBytes(bodyBytes);
    return wire.toByteArray();
  }

  /** Sends each fixture's request through TokenTap on {@code port}, the upstream replaying it. */
  static void replay(int port, ReplayUpstream upstream, List<String> fixtures) throws Exception {
    for (String name : fixtures) {
      Fixture f = Fixture.load(name);
      upstream.enqueue(Reply.of(f).scaled(0.01));
      try (RawClient client = new RawClient(port)) {
        client.send(f.requestBytes()).read(f.method().equals("HEAD"));
      }
    }
  }

  /** Sends {@link #secretRequest()} through TokenTap on {@code port}; it must get a 200. */
  static void sendSecret(int port, ReplayUpstream upstream) throws Exception {
    upstream.enqueue(Reply.of(Fixture.load("auth_chat_ok")).scaled(0.01));
    try (RawClient client = new RawClient(port)) {
      int status = client.send(secretRequest()).read(false).status();
      if (status != 200) {
        throw new AssertionError("the secret-carrying request got " + status);
      }
    }
  }

  /** Waits up to 10 s until the data dir holds at least {@code n} exchanges. */
  static void waitForRows(Path dataDir, int n) throws Exception {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (System.nanoTime() < deadline) {
      try (ExchangeStore s = ExchangeStore.openReadOnly(dataDir.resolve("tokentap.db"))) {
        if (s.count(ExchangeFilter.ALL) >= n) {
          return;
        }
      }
      Thread.sleep(20);
    }
    throw new AssertionError("rows not written in time");
  }

  /** Where {@code needle} starts in {@code hay}, or -1. */
  static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i <= hay.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
