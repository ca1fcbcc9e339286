package dev.tokentap.conversation;

import dev.tokentap.endpoint.Answer;
import dev.tokentap.endpoint.EndpointFamily;
import dev.tokentap.endpoint.PromptPart;
import dev.tokentap.endpoint.PromptParts;
import dev.tokentap.endpoint.StreamSplitter;
import dev.tokentap.model.Endpoint;
import dev.tokentap.model.ExchangeMetrics;
import dev.tokentap.model.Header;
import dev.tokentap.model.Turn;
import dev.tokentap.model.TurnInput;
import dev.tokentap.model.TurnLinker;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Decides, exchange by exchange, which conversation each belongs to and its turn, and runs {@link
 * CacheMissAnalysis} against the previous turn. Keeps the newest turn of each recent conversation
 * in memory (at most {@link #MAX_CONVERSATIONS}, and {@link #MAX_CHARS} characters of prompt text
 * together; the oldest go first). Not thread-safe: the recorder's one thread calls it.
 *
 * <p>An exchange joins a conversation, in this order of evidence: it carries a session header
 * ({@link #SESSION_HEADERS}) seen before on the same upstream; it is a Responses API request whose
 * {@code previous_response_id} names an earlier answer; or its prompt {@linkplain Matching#extends
 * extends} an earlier turn's (same endpoint, model and upstream). Otherwise it starts a
 * conversation of its own, turn 1. Only successful (2xx) requests with a readable prompt are turns.
 */
public final class ConversationTracker implements TurnLinker {

  /** Request headers that name a session, lower case: see docs/conversations.md. */
  public static final List<String> SESSION_HEADERS =
      List.of("session_id", "x-session-id", "conversation_id", "x-conversation-id");

  static final int MAX_CONVERSATIONS = 512;
  static final long MAX_CHARS = 8_000_000;
  private static final int MAX_REMEMBERED = 4096;

  /** The newest turn of one conversation. */
  record Last(
      String conversationId,
      int turn,
      long seq,
      long exchangeId,
      long startedAtMs,
      Endpoint endpoint,
      String model,
      String upstream,
      List<PromptPart> prompt,
      PromptPart answer,
      String responseId,
      long chars) {}

  private final StreamSplitter frames;
  private final Supplier<ServerFacts> server;
  private final LinkedHashMap<String, Last> conversations = new LinkedHashMap<>();
  private final Map<String, String> sessions = new LinkedHashMap<>();
  private final RecentTraffic traffic = new RecentTraffic();
  private final LinkedHashMap<Long, Turn> decided =
      new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Turn> eldest) {
          return size() > MAX_REMEMBERED;
        }
      };
  private long seq;
  private long heldChars;

  /**
   * @param frames splits a stored stream body into its frames (the answer is read from them)
   * @param server what the server panel knows now; {@code ServerFacts.UNKNOWN} without one
   */
  public ConversationTracker(StreamSplitter frames, Supplier<ServerFacts> server) {
    this.frames = frames;
    this.server = server;
  }

  @Override
  public Turn link(TurnInput x) {
    Turn again = decided.get(x.id());
    if (again != null) {
      return again; // the same batch, written again after a store failure
    }
    Turn t = decide(x);
    decided.put(x.id(), t);
    return t;
  }

  /**
   * Remembers {@code x}, stored earlier as turn {@code turn} of {@code conversationId}, as that
   * conversation's newest turn: after a restart, a conversation continues where it was. Call before
   * the recorder's thread starts (or on it), oldest first.
   */
  public void seed(TurnInput x, String conversationId, int turn) {
    EndpointFamily family = EndpointFamily.of(x.endpoint());
    List<PromptPart> prompt = PromptParts.of(family, x.requestBody());
    if (prompt.isEmpty() || conversationId.isEmpty()) {
      return;
    }
    long mySeq = ++seq;
    remember(x, family, mySeq, conversationId, turn, model(x), prompt);
    String session = sessionKey(x);
    if (session != null) {
      sessions.put(session, conversationId);
    }
    traffic.saw(x.upstream(), mySeq, x.id(), conversationId);
  }

  private Turn decide(TurnInput x) {
    long mySeq = ++seq;
    EndpointFamily family = EndpointFamily.of(x.endpoint());
    List<PromptPart> prompt =
        x.status() / 100 == 2 ? PromptParts.of(family, x.requestBody()) : List.of();
    if (prompt.isEmpty()) {
      traffic.saw(x.upstream(), mySeq, x.id(), "");
      return Turn.NONE;
    }
    String model = model(x);
    String session = sessionKey(x);
    Last prev = null;
    if (session != null && sessions.containsKey(session)) {
      prev = conversations.get(sessions.get(session));
    }
    if (prev == null && x.endpoint() == Endpoint.RESPONSES) {
      prev = byResponseId(PromptParts.previousResponseId(x.requestBody()));
    }
    if (prev == null) {
      prev = Matching.best(conversations.values(), x.endpoint(), model, x.upstream(), prompt);
    }
    String id = prev == null ? "c" + x.id() : prev.conversationId();
    int turn = prev == null ? 1 : prev.turn() + 1;
    Turn result = prev == null ? Turn.of(id, 1) : verdict(x, prev, prompt, id, turn);
    if (session != null) {
      sessions.remove(session);
      sessions.put(session, id);
    }
    remember(x, family, mySeq, id, turn, model, prompt);
    traffic.saw(x.upstream(), mySeq, x.id(), id);
    return result;
  }

  private Turn verdict(TurnInput x, Last prev, List<PromptPart> prompt, String id, int turn) {
    if (!Matching.extends_(prev.prompt(), prompt)) {
      return Turn.of(id, turn); // linked by a header or response id, but no history sent again
    }
    ExchangeMetrics m = x.metrics();
    CacheMissAnalysis.Result r =
        CacheMissAnalysis.analyse(
            prev.prompt(), prev.answer(), prompt, m.promptTokens(), m.cachedTokens());
    String note = CacheMissAnalysis.note(r, m.promptTps());
    if (r.verdict().equals(Turn.NOT_REUSED)) {
      note += "; " + MissReasons.why(traffic, server.get(), prev, x.upstream(), x.startedAtMs());
    }
    return new Turn(id, turn, r.verdict(), note, r.lostTokens());
  }

  private void remember(
      TurnInput x,
      EndpointFamily family,
      long mySeq,
      String id,
      int turn,
      String model,
      List<PromptPart> prompt) {
    PromptPart answer = null;
    if (x.responseBody() != null) {
      EndpointFamily.Reading reading = family.read(x.responseBody(), frames);
      Answer a = reading.answer();
      answer = a == null ? null : PromptParts.answer(a);
    }
    String responseId =
        x.endpoint() == Endpoint.RESPONSES
            ? PromptParts.responseId(x.responseBody(), frames)
            : null;
    long chars = 0;
    for (PromptPart p : prompt) {
      chars += p.text().length();
    }
    chars += answer == null ? 0 : answer.text().length();
    Last old = conversations.remove(id);
    if (old != null) {
      heldChars -= old.chars();
    }
    conversations.put(
        id,
        new Last(
            id,
            turn,
            mySeq,
            x.id(),
            x.startedAtMs(),
            x.endpoint(),
            model,
            x.upstream(),
            prompt,
            answer,
            responseId,
            chars));
    heldChars += chars;
    Iterator<Last> oldest = conversations.values().iterator();
    while (conversations.size() > MAX_CONVERSATIONS || heldChars > MAX_CHARS) {
      Last gone = oldest.next();
      oldest.remove();
      heldChars -= gone.chars();
      sessions.values().remove(gone.conversationId());
    }
  }

  private Last byResponseId(String responseId) {
    if (responseId == null) {
      return null;
    }
    for (Last l : conversations.values()) {
      if (responseId.equals(l.responseId())) {
        return l;
      }
    }
    return null;
  }

  /** The session a request names by header, per upstream; null when it names none. */
  private static String sessionKey(TurnInput x) {
    for (Header h : x.requestHeaders()) {
      String name = h.name().toLowerCase(java.util.Locale.ROOT);
      if (SESSION_HEADERS.contains(name) && !h.value().isBlank()) {
        return name + "=" + h.value().strip() + " @" + x.upstream();
      }
    }
    return null;
  }

  private static String model(TurnInput x) {
    String requested = PromptParts.requestModel(x.requestBody());
    return requested != null ? requested : x.metrics().model();
  }

  /** Conversations held now (tests). */
  int held() {
    return conversations.size();
  }

  /** The newest turns held, for tests. */
  List<Last> newest() {
    return new ArrayList<>(conversations.values());
  }
}
