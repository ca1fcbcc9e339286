package dev.tokentap.ui.fx;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The hand-over to the FX thread, with a queue standing in for the FX thread. */
class FxBatcherTest {

  private final LinkedBlockingQueue<Runnable> fx = new LinkedBlockingQueue<>();
  private final List<List<Integer>> batches = new CopyOnWriteArrayList<>();

  @Test
  void aBurstFromManyThreadsIsOneHandOverWithEverythingInOrderPerThread() throws Exception {
    FxBatcher<Integer> b = new FxBatcher<>(fx::add, Duration.ZERO, batches::add);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      int base = t * 1000;
      threads.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    for (int i = 0; i < 1000; i++) {
                      b.offer(base + i);
                    }
                  }));
    }
    for (Thread t : threads) {
      t.join();
    }
    assertThat(fx).hasSize(1);
    fx.take().run();
    assertThat(batches).hasSize(1);
    List<Integer> all = batches.getFirst();
    assertThat(all).hasSize(4000);
    for (int t = 0; t < 4; t++) {
      int base = t * 1000;
      assertThat(all.stream().filter(i -> i / 1000 == base / 1000).toList())
          .isSorted()
          .hasSize(1000);
    }
  }

  @Test
  void handOversAreAtLeastTheIntervalApart() throws Exception {
    FxBatcher<Integer> b = new FxBatcher<>(fx::add, Duration.ofMillis(200), batches::add);
    b.offer(1);
    fx.take().run();
    long drained = System.nanoTime();
    b.offer(2);
    Runnable next = fx.poll(5, TimeUnit.SECONDS);
    assertThat(next).isNotNull();
    assertThat(System.nanoTime() - drained).isGreaterThanOrEqualTo(150_000_000L);
    next.run();
    assertThat(batches).containsExactly(List.of(1), List.of(2));
  }

  @Test
  void aBusyFxThreadGetsBiggerBatchesLessOften() throws Exception {
    FxBatcher<Integer> b = new FxBatcher<>(fx::add, Duration.ZERO, batches::add);
    b.offer(1);
    Runnable first = fx.take();
    Thread.sleep(300); // the FX thread was busy before it ran the hand-over
    first.run();
    long drained = System.nanoTime();
    b.offer(2);
    Runnable next = fx.poll(5, TimeUnit.SECONDS);
    assertThat(next).isNotNull();
    assertThat(System.nanoTime() - drained)
        .as("waits about twice the delay seen")
        .isGreaterThan(400_000_000L);
  }
}
