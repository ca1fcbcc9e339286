package dev.tokentap.app;

import dev.tokentap.testing.Fixture;
import dev.tokentap.testing.RawClient;
import dev.tokentap.testing.ReplayUpstream;
import dev.tokentap.testing.ReplayUpstream.Reply;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * TokenTap with its window ({@link WindowedTokenTap}) in front of a fake upstream that answers
 * health checks: what the window end-to-end tests start before each test and close after it.
 */
final class RunningWindow implements AutoCloseable {

  private final Path dataDir;
  private final ReplayUpstream upstream;
  private DesktopApp app;

  private RunningWindow(Path dataDir, ReplayUpstream upstream) {
    this.dataDir = dataDir;
    this.upstream = upstream;
  }

  /**
   * A fresh upstream and the app in front of it, with its data (and config) under {@code dataDir}.
   */
  static RunningWindow start(Path dataDir) throws Exception {
    RunningWindow w = new RunningWindow(dataDir, new ReplayUpstream().answeringHealthChecks());
    try {
      w.app = WindowedTokenTap.start(dataDir, w.upstream.url());
    } catch (Exception | Error e) {
      w.upstream.close();
      throw e;
    }
    return w;
  }

  ReplayUpstream upstream() {
    return upstream;
  }

  /** The app running now (another one after a restart). */
  DesktopApp app() {
    return app;
  }

  /** Closes the app (if still open) and starts another on the same data and upstream. */
  DesktopApp restart(String... more) throws Exception {
    return restartAt(upstream.url(), more);
  }

  /** Closes the app (if still open) and starts another on the same data, forwarding elsewhere. */
  DesktopApp restartAt(String upstreamUrl, String... more) throws Exception {
    app.close();
    app = WindowedTokenTap.start(dataDir, upstreamUrl, more);
    return app;
  }

  /** Sends {@code fixture}'s request through the app; the upstream answers with its reply. */
  void send(String fixture) throws Exception {
    Fixture f = Fixture.load(fixture);
    send(f, f.requestBytes());
  }

  /** Sends {@code request} through the app; the upstream answers with {@code reply}'s answer. */
  void send(Fixture reply, byte[] request) throws Exception {
    upstream.enqueue(Reply.of(reply).scaled(0.1));
    try (RawClient client = new RawClient(app.tokenTap().listenAddress().getPort())) {
      client.send(request);
      client.read(reply.method().equals("HEAD"));
    }
  }

  @Override
  public void close() throws IOException {
    try {
      app.close();
    } finally {
      upstream.close();
    }
  }

  /** Runs {@code read} on the FX thread and returns what it returns (10 s at most). */
  static <T> T fx(Callable<T> read) throws Exception {
    return WaitForAsyncUtils.asyncFx(read).get(10, TimeUnit.SECONDS);
  }
}
