package dev.tokentap.conversation;

import java.util.Locale;

/**
 * Why a server did not reuse a prompt it could have ({@code not_reused}), as far as TokenTap saw: a
 * restart, more conversations than slots, another request on the slot, or nothing it saw.
 */
final class MissReasons {

  private MissReasons() {}

  /**
   * The reason, in words, for a turn after {@code prev} on {@code upstream} that started at {@code
   * nowMs}.
   */
  static String why(
      RecentTraffic traffic,
      ServerFacts facts,
      ConversationTracker.Last prev,
      String upstream,
      long nowMs) {
    if (facts.lastRestartMs() > prev.startedAtMs() && facts.lastRestartMs() <= nowMs) {
      return "the server restarted or was down between the two turns (the Server tab saw it)";
    }
    RecentTraffic.Between b = traffic.between(upstream, prev.seq(), prev.conversationId());
    Integer slots = facts.slots();
    if (slots != null && b.conversations() + 1 > slots) {
      return String.format(
          Locale.ROOT,
          "%d other conversations ran on this server between the two turns: more live"
              + " conversations than its %d %s",
          b.conversations(),
          slots,
          slots == 1 ? "slot" : "slots");
    }
    if (b.exchanges() > 0) {
      return String.format(
          Locale.ROOT,
          "%d other %s reached this server between the two turns (the first: exchange %d) and"
              + " may have taken the slot%s",
          b.exchanges(),
          b.exchanges() == 1 ? "request" : "requests",
          b.firstId(),
          slots == null ? "" : " (" + slots + (slots == 1 ? " slot)" : " slots)"));
    }
    if (!b.complete()) {
      return "more requests reached this server between the two turns than TokenTap keeps in mind";
    }
    return "nothing TokenTap saw explains it: no other request reached this server between the two"
        + " turns, and no restart was seen";
  }
}
