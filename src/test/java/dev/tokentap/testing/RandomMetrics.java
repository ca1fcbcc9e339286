package dev.tokentap.testing;

import dev.tokentap.model.ExchangeMetrics;
import java.util.Random;

/** Metrics drawn at random for tests of aggregates: each value missing now and then. */
public final class RandomMetrics {

  private RandomMetrics() {}

  /**
   * One of {@code models}; prompt, cached and generated tokens, prompt and generation speed (now
   * and then 0) and time to first token, each unknown at times; usage reported 7 times in 8.
   */
  public static ExchangeMetrics draw(Random r, String[] models) {
    return new ExchangeMetrics(
        models[r.nextInt(models.length)],
        "stop",
        r.nextInt(10) == 0 ? null : (long) r.nextInt(5000),
        r.nextInt(4) == 0 ? null : (long) r.nextInt(100),
        r.nextInt(10) == 0 ? null : (long) r.nextInt(900),
        r.nextInt(5) == 0 ? null : 100 + r.nextDouble() * 3000,
        r.nextInt(5) == 0 ? null : r.nextDouble() < 0.05 ? 0.0 : 5 + r.nextDouble() * 120,
        r.nextInt(3) == 0 ? null : 20 + r.nextDouble() * 2000,
        null,
        null,
        r.nextInt(8) != 0);
  }
}
