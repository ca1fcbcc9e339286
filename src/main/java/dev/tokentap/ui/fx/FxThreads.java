package dev.tokentap.ui.fx;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javafx.application.Platform;

/**
 * Starting the JavaFX toolkit, running work on its thread from another one and waiting for it, and
 * the worker threads behind a window's reads.
 */
public final class FxThreads {

  private FxThreads() {}

  /** The toolkit cannot start (no display); the message says why. */
  public static final class NoToolkitException extends Exception {
    private static final long serialVersionUID = 1L;

    NoToolkitException(String message) {
      super(message);
    }
  }

  /** Starts the JavaFX toolkit once (tests may have started it). */
  public static void startToolkit() throws NoToolkitException {
    CountDownLatch up = new CountDownLatch(1);
    try {
      Platform.startup(up::countDown);
    } catch (IllegalStateException alreadyRunning) {
      up.countDown();
    } catch (RuntimeException | UnsatisfiedLinkError e) {
      throw new NoToolkitException(
          "cannot open a window ("
              + e.getMessage()
              + "). On a machine without a display, run with --headless.");
    }
    Platform.setImplicitExit(false);
    await(up);
  }

  /**
   * Daemon threads for a window's reads; after close, late requests (a timer's last tick) are
   * dropped instead of thrown on the FX thread.
   */
  public static ExecutorService newWorker(String name, int threads) {
    return new ThreadPoolExecutor(
        threads,
        threads,
        0,
        TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(),
        r -> Thread.ofPlatform().daemon().name(name).unstarted(r),
        new ThreadPoolExecutor.DiscardPolicy());
  }

  /** Runs {@code task} on the FX thread and waits for it (never called from the FX thread). */
  public static void onFxThread(Runnable task) {
    CountDownLatch done = new CountDownLatch(1);
    AtomicReference<RuntimeException> failure = new AtomicReference<>();
    Platform.runLater(
        () -> {
          try {
            task.run();
          } catch (RuntimeException e) {
            failure.set(e);
          } finally {
            done.countDown();
          }
        });
    await(done);
    if (failure.get() != null) {
      throw failure.get();
    }
  }

  /**
   * Runs {@code task} on the FX thread and waits for its result (on it: runs it directly); null
   * when the toolkit has exited (Platform.runLater then drops tasks silently, hence the time
   * limit).
   */
  public static <T> T onFxThreadIfRunning(Callable<T> task) {
    AtomicReference<T> result = new AtomicReference<>();
    Runnable run =
        () -> {
          try {
            result.set(task.call());
          } catch (RuntimeException e) {
            throw e;
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        };
    if (Platform.isFxApplicationThread()) {
      run.run();
      return result.get();
    }
    CountDownLatch done = new CountDownLatch(1);
    try {
      Platform.runLater(
          () -> {
            try {
              run.run();
            } finally {
              done.countDown();
            }
          });
      if (!done.await(5, TimeUnit.SECONDS)) {
        return null;
      }
    } catch (IllegalStateException toolkitGone) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
    return result.get();
  }

  /** As {@link #onFxThreadIfRunning(Callable)} for a task without a result. */
  public static void runOnFxThreadIfRunning(Runnable task) {
    onFxThreadIfRunning(
        () -> {
          task.run();
          return null;
        });
  }

  /** Waits for {@code latch}; an interrupt ends the wait and stays set. */
  public static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
