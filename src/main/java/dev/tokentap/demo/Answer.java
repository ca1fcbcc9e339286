package dev.tokentap.demo;

import dev.tokentap.endpoint.Generation;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * One simulated generation, decided before the first byte is sent: prompt and cache counts, the
 * tokens, and the nominal time of each step (what the server reports in {@code timings}).
 *
 * @param tokenMs milliseconds spent on each generated token
 * @param hitLimit generation stopped at the client's {@code max_tokens}
 */
record Answer(
    Ask ask,
    String id,
    long created,
    int promptTokens,
    int cachedTokens,
    double promptMs,
    List<String> tokens,
    double[] tokenMs,
    boolean hitLimit) {

  static Answer decide(Ask ask, int promptTokens, int cached, RandomGenerator random) {
    DemoModel m = ask.model();
    int evaluated = promptTokens - cached;
    double promptMs = 4 + evaluated * 1000.0 / (m.promptTps() * (0.85 + 0.3 * random.nextDouble()));
    int natural =
        ask.family().chatLike() // the completion APIs answer shorter
            ? 24 + random.nextInt(random.nextInt(4) == 0 ? 700 : 260)
            : 8 + random.nextInt(90);
    boolean hitLimit = ask.maxTokens() > 0 && natural >= ask.maxTokens();
    int n = hitLimit ? ask.maxTokens() : natural;
    double speed = m.genTps() * (0.8 + 0.35 * random.nextDouble());
    double[] tokenMs = new double[n];
    for (int i = 0; i < n; i++) {
      tokenMs[i] = 1000.0 / speed * (0.75 + 0.5 * random.nextDouble());
      if (random.nextInt(60) == 0) {
        tokenMs[i] += 80 + random.nextInt(250); // a hiccup: another slot's batch ran
      }
    }
    String prefix = ask.family().replyIdPrefix();
    return new Answer(
        ask,
        prefix + randomId(random),
        System.currentTimeMillis() / 1000,
        promptTokens,
        cached,
        promptMs,
        DemoText.tokens(n, random),
        tokenMs,
        hitLimit);
  }

  static String randomId(RandomGenerator random) {
    String chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    StringBuilder b = new StringBuilder(32);
    for (int i = 0; i < 32; i++) {
      b.append(chars.charAt(random.nextInt(chars.length())));
    }
    return b.toString();
  }

  int completionTokens() {
    return tokens.size();
  }

  double predictedMs() {
    double sum = 0;
    for (double ms : tokenMs) {
      sum += ms;
    }
    return sum;
  }

  /** What the family writes into its API's shapes; {@code messageId} names a Responses item. */
  Generation generation(String messageId) {
    return new Generation(
        id,
        messageId,
        created,
        ask.answerModel(),
        ask.prompt(),
        ask.maxTokens(),
        ask.includeUsage(),
        promptTokens,
        cachedTokens,
        promptMs,
        tokens,
        predictedMs(),
        hitLimit);
  }
}
