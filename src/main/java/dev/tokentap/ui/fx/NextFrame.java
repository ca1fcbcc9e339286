package dev.tokentap.ui.fx;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;

/**
 * Runs tasks from any thread on the FX thread at the start of the next frame (pulse), before the
 * frame's CSS, layout and drawing: the window's way of taking in what other threads found (live
 * exchanges, store reads, server slots).
 *
 * <p>Why not {@link Platform#runLater}: a task run between two frames delays the next frame by as
 * long as it takes, so under traffic the frames come at uneven times even when each task is short
 * (decision 0031). Run at a frame's start, the same work is laid out and drawn in that frame, and
 * the next frame starts on time as long as the frame's whole work fits in it. The timer runs only
 * while tasks wait: an idle window takes no frames for it.
 */
public final class NextFrame {

  private NextFrame() {}

  private static final Queue<Runnable> TASKS = new ConcurrentLinkedQueue<>();
  private static final AtomicBoolean ARMED = new AtomicBoolean();

  /** Made on first use, once the toolkit runs. */
  private static final class Timer {
    static final AnimationTimer INSTANCE =
        new AnimationTimer() {
          @Override
          public void handle(long now) {
            ARMED.set(false); // a task offered from now on arms the timer again
            for (int n = TASKS.size(); n > 0; n--) { // not the tasks these tasks offer
              Runnable task = TASKS.poll();
              if (task == null) {
                break;
              }
              runReportingFailure(task);
            }
            if (TASKS.isEmpty()) {
              stop();
            }
          }
        };
  }

  /** Runs {@code task} on the FX thread at the start of the next frame; from any thread. */
  public static void run(Runnable task) {
    TASKS.add(task);
    if (ARMED.compareAndSet(false, true)) {
      Platform.runLater(Timer.INSTANCE::start);
    }
  }

  /** As runLater would: a failing task goes to the FX thread's handler, the others still run. */
  private static void runReportingFailure(Runnable task) {
    try {
      task.run();
    } catch (RuntimeException | Error e) {
      Thread t = Thread.currentThread();
      t.getUncaughtExceptionHandler().uncaughtException(t, e);
    }
  }
}
