package dev.tokentap.ui.fx;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;

/** Tasks from other threads run on the FX thread, in order, each once. */
class NextFrameTest {

  @BeforeAll
  static void toolkit() throws Exception {
    FxToolkit.registerPrimaryStage();
  }

  @Test
  void tasksFromManyThreadsRunOnTheFxThreadEachOnceInTheirOrder() throws Exception {
    List<String> ran = new CopyOnWriteArrayList<>();
    List<Boolean> onFxThread = new CopyOnWriteArrayList<>();
    CountDownLatch done = new CountDownLatch(4 * 250);
    List<Thread> threads = new java.util.ArrayList<>();
    for (int t = 0; t < 4; t++) {
      String name = "t" + t;
      threads.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    for (int i = 0; i < 250; i++) {
                      String label = name + ":" + i;
                      NextFrame.run(
                          () -> {
                            onFxThread.add(Platform.isFxApplicationThread());
                            ran.add(label);
                            done.countDown();
                          });
                    }
                  }));
    }
    for (Thread t : threads) {
      t.join();
    }
    assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(ran).hasSize(1000).doesNotHaveDuplicates();
    assertThat(onFxThread).containsOnly(true);
    for (int t = 0; t < 4; t++) { // each thread's tasks in the order it offered them
      String prefix = "t" + t + ":";
      List<Integer> order =
          ran.stream()
              .filter(s -> s.startsWith(prefix))
              .map(s -> Integer.parseInt(s.substring(prefix.length())))
              .toList();
      assertThat(order).isSorted().hasSize(250);
    }
  }

  @Test
  void aFailingTaskDoesNotStopTheOthersAndTheTimerStartsAgainLater() throws Exception {
    CountDownLatch first = new CountDownLatch(1);
    Thread.UncaughtExceptionHandler[] previous = new Thread.UncaughtExceptionHandler[1];
    List<Throwable> reported = new CopyOnWriteArrayList<>();
    CountDownLatch handlerSet = new CountDownLatch(1);
    Platform.runLater(
        () -> {
          previous[0] = Thread.currentThread().getUncaughtExceptionHandler();
          Thread.currentThread().setUncaughtExceptionHandler((th, e) -> reported.add(e));
          handlerSet.countDown();
        });
    assertThat(handlerSet.await(5, TimeUnit.SECONDS)).isTrue();
    try {
      NextFrame.run(
          () -> {
            throw new IllegalStateException("boom");
          });
      NextFrame.run(first::countDown);
      assertThat(first.await(5, TimeUnit.SECONDS)).isTrue();
      assertThat(reported).singleElement().extracting(Throwable::getMessage).isEqualTo("boom");

      Thread.sleep(200); // frames pass with nothing to do: the timer stops
      CountDownLatch later = new CountDownLatch(1);
      NextFrame.run(later::countDown);
      assertThat(later.await(5, TimeUnit.SECONDS)).isTrue();
    } finally {
      Platform.runLater(() -> Thread.currentThread().setUncaughtExceptionHandler(previous[0]));
    }
  }
}
