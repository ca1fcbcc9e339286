package dev.tokentap.conversation;

import dev.tokentap.endpoint.PromptPart;
import dev.tokentap.model.Endpoint;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * The rule that makes an exchange the next turn of an earlier one, by its prompt alone: see {@link
 * #extends_}. One rule, one place.
 */
final class Matching {

  private Matching() {}

  /**
   * Whether {@code now} extends the earlier prompt {@code before}, allowing for edits on the way:
   * {@code now} has more parts; the earlier prompt's last part (the message that asked for the
   * earlier answer) is equal at the same index; and at least half of the earlier parts are equal at
   * their index. An edited system prompt, a reordered tool list or a changed timestamp keeps the
   * turn in its conversation; a new question over the same system prompt does not join it.
   */
  static boolean extends_(List<PromptPart> before, List<PromptPart> now) {
    int n = before.size();
    if (n == 0 || now.size() <= n) {
      return false;
    }
    if (!before.get(n - 1).equals(now.get(n - 1))) {
      return false;
    }
    return 2 * equalParts(before, now) >= n;
  }

  /**
   * The held turn {@code now} extends best (most parts equal, the answer sent back counting as one;
   * the newest on a tie), of the same endpoint, model and upstream; null when none.
   */
  static ConversationTracker.Last best(
      Collection<ConversationTracker.Last> held,
      Endpoint endpoint,
      String model,
      String upstream,
      List<PromptPart> now) {
    ConversationTracker.Last best = null;
    int bestScore = -1;
    for (ConversationTracker.Last l : held) {
      if (l.endpoint() != endpoint
          || !Objects.equals(l.model(), model)
          || !Objects.equals(l.upstream(), upstream)
          || !extends_(l.prompt(), now)) {
        continue;
      }
      int score = 2 * equalParts(l.prompt(), now);
      if (l.answer() != null && l.answer().equals(now.get(l.prompt().size()))) {
        score++;
      }
      if (score > bestScore || (score == bestScore && l.seq() > best.seq())) {
        best = l;
        bestScore = score;
      }
    }
    return best;
  }

  private static int equalParts(List<PromptPart> before, List<PromptPart> now) {
    int equal = 0;
    for (int i = 0; i < before.size() && i < now.size(); i++) {
      if (before.get(i).equals(now.get(i))) {
        equal++;
      }
    }
    return equal;
  }
}
