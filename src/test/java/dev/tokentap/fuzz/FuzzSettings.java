package dev.tokentap.fuzz;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.AroundTryHook;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;
import net.jqwik.api.lifecycle.TryExecutionResult;
import net.jqwik.api.lifecycle.TryExecutor;
import net.jqwik.api.lifecycle.TryLifecycleContext;

/**
 * The budget of every fuzz property (a class registers it with
 * {@code @AddLifecycleHook(FuzzSettings.class)}):
 *
 * <ul>
 *   <li>tries: the {@code tries} a property declares is what {@code mvn verify} runs; {@code
 *       -Dtokentap.fuzz.scale=K} runs K times as many (the longer run in the README);
 *   <li>seed: fixed ({@link #CI_SEED}), so a run is the same run everywhere and a failure in CI
 *       fails the same way on a laptop; {@code -Dtokentap.fuzz.seed=N} picks another, {@code
 *       -Dtokentap.fuzz.seed=random} a new one each run (jqwik prints the seed it used in the
 *       property's report, {@code target/surefire-reports/*-output.txt});
 *   <li>a hang guard: each try runs on its own thread and fails when it takes longer than {@link
 *       #tryTimeout()} ({@code -Dtokentap.fuzz.tryTimeoutSeconds}, default 60). The guard is for
 *       hangs, not speed: no try should come near it on the slowest CI;
 *   <li>a memory guard: a try that runs out of memory fails with its sample (the test JVM has 1
 *       GiB), rather than ending the test JVM.
 * </ul>
 */
public final class FuzzSettings implements AroundPropertyHook, AroundTryHook {

  /** The seed unless {@code -Dtokentap.fuzz.seed} says otherwise. */
  public static final String CI_SEED = "20261204";

  /** Registered on a class, it applies to every property in it. */
  @Override
  public PropagationMode propagateTo() {
    return PropagationMode.ALL_DESCENDANTS;
  }

  @Override
  public PropertyExecutionResult aroundProperty(
      PropertyLifecycleContext context, PropertyExecutor property) {
    context.attributes().tries().ifPresent(t -> context.attributes().setTries(t * scale()));
    String seed = System.getProperty("tokentap.fuzz.seed", CI_SEED).strip();
    if (!seed.equalsIgnoreCase("random")) {
      context.attributes().setSeed(seed);
    }
    return property.execute();
  }

  @Override
  public TryExecutionResult aroundTry(
      TryLifecycleContext context, TryExecutor aTry, List<Object> parameters) throws Throwable {
    ExecutorService thread =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "fuzz-try");
              t.setDaemon(true); // a hung try must not keep the JVM alive
              return t;
            });
    try {
      Future<TryExecutionResult> result = thread.submit(() -> aTry.execute(parameters));
      Duration limit = tryTimeout();
      try {
        return result.get(limit.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        result.cancel(true);
        return TryExecutionResult.falsified(
            new AssertionError("one try took longer than " + limit + ": a hang?"));
      } catch (ExecutionException e) {
        if (e.getCause() instanceof OutOfMemoryError oom) {
          // the failed allocation is gone: report it as this try's failure, with its sample
          return TryExecutionResult.falsified(
              new AssertionError("one try ran out of memory: beyond its bound?", oom));
        }
        throw e.getCause();
      }
    } finally {
      thread.shutdownNow();
    }
  }

  /** How many times the declared tries to run. */
  static int scale() {
    return Math.max(1, Integer.getInteger("tokentap.fuzz.scale", 1));
  }

  static Duration tryTimeout() {
    return Duration.ofSeconds(
        Math.max(1, Integer.getInteger("tokentap.fuzz.tryTimeoutSeconds", 60)));
  }
}
