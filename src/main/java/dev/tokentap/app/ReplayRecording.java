package dev.tokentap.app;

import dev.tokentap.model.Exchange;
import dev.tokentap.replay.Replayer;
import dev.tokentap.store.Recorder;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Records replays with a {@link Recorder}: the running app's (its ids, and only while recording is
 * on) or the one {@code tokentap replay} starts on the data dir.
 */
final class ReplayRecording implements Replayer.Recording {

  private final LongSupplier ids;
  private final Recorder recorder;
  private final BooleanSupplier recording;

  ReplayRecording(LongSupplier ids, Recorder recorder, BooleanSupplier recording) {
    this.ids = ids;
    this.recorder = recorder;
    this.recording = recording;
  }

  @Override
  public long nextId() {
    return ids.getAsLong();
  }

  @Override
  public boolean record(Exchange exchange) {
    return recording.getAsBoolean() && recorder.offer(exchange);
  }

  @Override
  public boolean awaitStored(Duration timeout) throws InterruptedException {
    return recorder.flush(timeout);
  }
}
