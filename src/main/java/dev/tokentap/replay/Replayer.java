package dev.tokentap.replay;

import dev.tokentap.model.Exchange;
import dev.tokentap.server.ReplayRequest;
import dev.tokentap.server.ReplaySender;
import dev.tokentap.store.ExchangeReads;
import dev.tokentap.store.StoredExchange;
import java.time.Duration;
import java.util.Optional;

/**
 * Replays a stored exchange: reads its request back from the store, sends it (edited or not) with a
 * {@link ReplaySender}, hands the new exchange to the recorder like a forwarded one, waits until it
 * is stored and reads both back, so the two sides are compared as stored. One code path for the
 * window and the command line. Blocking: call it on a worker, never the FX thread.
 */
public final class Replayer {

  /** How long to wait for the recorder to store the replay. */
  static final Duration STORE_WAIT = Duration.ofSeconds(30);

  /** Where replays are recorded: the running app's recorder, or one the command line opened. */
  public interface Recording {
    /** The id of a new exchange (above every stored one). */
    long nextId();

    /** Queues {@code exchange} for recording; false when it was not taken (paused, full). */
    boolean record(Exchange exchange);

    /** Waits until all taken exchanges are stored; false when not within {@code timeout}. */
    boolean awaitStored(Duration timeout) throws InterruptedException;
  }

  private final ExchangeReads store;
  private final ReplaySender sender;
  private final Recording recording;

  public Replayer(ExchangeReads store, ReplaySender sender, Recording recording) {
    this.store = store;
    this.sender = sender;
    this.recording = recording;
  }

  /**
   * The request of exchange {@code id}, as a replay starts from it.
   *
   * @throws ReplayRefused when there is no such exchange or its request is not known
   */
  public ReplaySource source(long id) throws ReplayRefused {
    StoredExchange row =
        store
            .exchange(id)
            .orElseThrow(
                () -> new ReplayRefused("There is no exchange #" + id + " (pruned, or never)."));
    return ReplaySource.of(row, store.capture(id).orElse(null));
  }

  /**
   * Sends {@code source} with {@code edits}, records the new exchange ({@code replay_of} = the
   * original's id; a failed one too) and reads both sides back.
   *
   * @throws ReplayRefused when the edits cannot be sent (nothing is sent then)
   */
  public ReplayResult replay(ReplaySource source, ReplayEdits edits)
      throws ReplayRefused, InterruptedException {
    ReplayRequest request = edits.request(source);
    Exchange sent = sender.send(recording.nextId(), request);
    ReplaySide original = side(source.row().id()).orElse(ReplaySide.of(source.row(), null));
    if (!recording.record(sent)) {
      return new ReplayResult(
          sent,
          original,
          null,
          "The replay was not recorded: recording is paused or its queue is full.");
    }
    if (!recording.awaitStored(STORE_WAIT)) {
      return new ReplayResult(
          sent,
          original,
          null,
          "The replay was not stored within " + STORE_WAIT.toSeconds() + " s.");
    }
    Optional<ReplaySide> replay = side(sent.id());
    return replay
        .map(r -> new ReplayResult(sent, original, r, null))
        .orElseGet(
            () ->
                new ReplayResult(
                    sent, original, null, "The replay could not be stored (see the status line)."));
  }

  private Optional<ReplaySide> side(long id) {
    return store.exchange(id).map(row -> ReplaySide.of(row, store.capture(id).orElse(null)));
  }
}
