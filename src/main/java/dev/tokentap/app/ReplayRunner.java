package dev.tokentap.app;

import dev.tokentap.capture.CapturePolicy;
import dev.tokentap.metrics.MetricsMeterFactory;
import dev.tokentap.replay.ReplayEdits;
import dev.tokentap.replay.ReplayRefused;
import dev.tokentap.replay.ReplayResult;
import dev.tokentap.replay.ReplaySide;
import dev.tokentap.replay.ReplaySource;
import dev.tokentap.replay.Replayer;
import dev.tokentap.server.ReplaySender;
import dev.tokentap.server.ServerHttp;
import dev.tokentap.store.DataDirInUseException;
import dev.tokentap.store.ExchangeStore;
import dev.tokentap.store.Recorder;
import dev.tokentap.store.RecorderSettings;
import dev.tokentap.store.RetentionPolicy;
import dev.tokentap.store.StoreException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs {@code tokentap replay}: takes the data dir's lock like {@code prune} (a running TokenTap
 * holds it: then nothing is sent, and the message points to the window's Replay), sends the request
 * with the same {@link Replayer} the window uses, records the answer with a recorder of its own (no
 * pruning) and prints both exchanges' figures.
 */
final class ReplayRunner {

  /** The environment variable the API key may come from. */
  static final String KEY_VARIABLE = "TOKENTAP_API_KEY";

  private ReplayRunner() {}

  static int run(ReplayCommand c, Map<String, String> env, PrintStream out, PrintStream err) {
    Path dir = c.dataDir().toAbsolutePath().normalize();
    if (!Files.isRegularFile(dir.resolve(ExchangeStore.DATABASE_FILE))) {
      err.println(
          "tokentap: no " + ExchangeStore.DATABASE_FILE + " in " + dir + ": nothing to replay.");
      return 1;
    }
    String key;
    String body;
    try {
      key = c.keyFile() != null ? firstLine(c.keyFile()) : env.get(KEY_VARIABLE);
      body = c.bodyFile() == null ? null : Files.readString(c.bodyFile(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      err.println("tokentap: cannot read " + e.getMessage());
      return 1;
    }
    try (ExchangeStore store = ExchangeStore.open(dir);
        ServerHttp http = new ServerHttp(Duration.ofSeconds(5), "TokenTap/" + Version.tokentap())) {
      Recorder recorder =
          store.startRecorder(
              RecorderSettings.defaults()
                  .withRetention(RetentionPolicy.KEEP_ALL) // pruning is TokenTap's and prune's
                  .withLogger(new LineLogger(err)));
      try {
        AtomicLong ids = new AtomicLong(store.maxId());
        Replayer replayer =
            new Replayer(
                store,
                new ReplaySender(http, new MetricsMeterFactory(), CapturePolicy.DEFAULT_BODY_CAP),
                new ReplayRecording(ids::incrementAndGet, recorder, () -> true));
        ReplaySource source = replayer.source(c.id());
        ReplayEdits edits =
            new ReplayEdits(
                body == null ? source.body() : body,
                c.model() == null ? source.model() : c.model(),
                c.upstream() == null ? source.upstream() : c.upstream().toString(),
                key);
        ReplayResult result = replayer.replay(source, edits);
        return print(result, out, err);
      } finally {
        recorder.close();
      }
    } catch (DataDirInUseException e) {
      err.println(
          "tokentap: TokenTap is running on "
              + dir
              + ": replay from its window (open the exchange in the inspector, then Replay...),"
              + " or stop it to replay from the command line. Nothing was sent.");
      return 1;
    } catch (ReplayRefused e) {
      err.println("tokentap: " + e.getMessage() + " Nothing was sent.");
      return 1;
    } catch (StoreException e) {
      err.println("tokentap: " + e.getMessage());
      return 1;
    } catch (IllegalArgumentException e) { // an upstream URL OkHttp cannot use
      err.println("tokentap: " + e.getMessage() + ". Nothing was sent.");
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      err.println("tokentap: interrupted");
      return 1;
    }
  }

  private static int print(ReplayResult r, PrintStream out, PrintStream err) {
    if (r.replay() == null) {
      err.println("tokentap: " + r.problem());
      return 1;
    }
    ReplaySide o = r.original();
    ReplaySide n = r.replay();
    out.printf(
        "replay #%d of #%d: %s %s%s%n",
        n.row().id(),
        o.row().id(),
        n.row().method(),
        n.row().path(),
        n.row().model() == null ? "" : " model " + n.row().model());
    out.printf("  original #%d  %s%n", o.row().id(), o.figuresLine());
    out.printf("  replay   #%d  %s%n", n.row().id(), n.figuresLine());
    if (!n.ok()) {
      err.println(
          "tokentap: the replay failed ("
              + n.row().outcome().code()
              + (n.row().error() == null ? "" : ": " + n.row().error())
              + "); it is recorded as exchange #"
              + n.row().id()
              + ".");
      return 1;
    }
    return 0;
  }

  /** The first line of {@code file}, stripped (a key file often ends with a newline). */
  private static String firstLine(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    int nl = text.indexOf('\n');
    return (nl < 0 ? text : text.substring(0, nl)).strip();
  }
}
