package dev.tokentap.conversation;

import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The exchanges the tracker saw lately, per upstream, in the order it saw them: what tells why a
 * server did not reuse a prompt it could have ({@link MissReasons}). Bounded: the newest {@link
 * #PER_UPSTREAM} of each of the newest {@link #UPSTREAMS} upstreams.
 */
final class RecentTraffic {

  static final int PER_UPSTREAM = 256;
  static final int UPSTREAMS = 32;

  /** One exchange seen: its place in the tracker's order, id and conversation ("" for none). */
  record Seen(long seq, long exchangeId, String conversationId) {}

  private final LinkedHashMap<String, ArrayDeque<Seen>> byUpstream =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ArrayDeque<Seen>> eldest) {
          return size() > UPSTREAMS;
        }
      };

  void saw(String upstream, long seq, long exchangeId, String conversationId) {
    ArrayDeque<Seen> q =
        byUpstream.computeIfAbsent(String.valueOf(upstream), u -> new ArrayDeque<>());
    q.addLast(new Seen(seq, exchangeId, conversationId));
    if (q.size() > PER_UPSTREAM) {
      q.removeFirst();
    }
  }

  /**
   * What reached {@code upstream} after tracker position {@code afterSeq} from other than {@code
   * conversationId}: how many exchanges, how many other conversations, and the first one's id.
   */
  Between between(String upstream, long afterSeq, String conversationId) {
    ArrayDeque<Seen> q = byUpstream.get(String.valueOf(upstream));
    if (q == null) {
      return new Between(0, 0, -1, false);
    }
    int others = 0;
    long first = -1;
    java.util.Set<String> conversations = new java.util.HashSet<>();
    boolean complete = q.isEmpty() || q.peekFirst().seq() <= afterSeq;
    for (Seen s : q) {
      if (s.seq() > afterSeq && !s.conversationId().equals(conversationId)) {
        others++;
        if (first < 0) {
          first = s.exchangeId();
        }
        if (!s.conversationId().isEmpty()) {
          conversations.add(s.conversationId());
        }
      }
    }
    return new Between(others, conversations.size(), first, complete);
  }

  /**
   * @param exchanges other exchanges between the two turns
   * @param conversations other conversations among them
   * @param firstId the first of them, -1 when none
   * @param complete false when more happened than is remembered
   */
  record Between(int exchanges, int conversations, long firstId, boolean complete) {}
}
