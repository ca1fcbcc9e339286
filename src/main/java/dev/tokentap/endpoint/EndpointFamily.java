package dev.tokentap.endpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokentap.model.Endpoint;
import java.io.IOException;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

/**
 * What TokenTap knows of one API's JSON: the usage a server reports (in a whole answer or in stream
 * events), which stream events carry generated output, the answer reassembled from a stored body,
 * and the messages a request sent. One subclass per endpoint family; {@link #of} finds the family
 * of an {@link Endpoint}. Stateless: one instance per endpoint serves every thread.
 */
public abstract sealed class EndpointFamily
    permits ChatCompletions, Completions, Messages, Responses, Ollama, Embeddings, OtherEndpoint {

  /** Top-level fields of a non-streamed body that can carry a figure; the rest is skipped. */
  public static final Set<String> USAGE_BODY_FIELDS =
      Set.of(
          "model",
          "usage",
          "timings",
          "choices",
          "stop_type",
          "tokens_evaluated",
          "tokens_predicted",
          "stop_reason",
          "status",
          "incomplete_details",
          "done_reason",
          "prompt_eval_count",
          "prompt_eval_duration",
          "eval_count",
          "eval_duration");

  private static final Map<Endpoint, EndpointFamily> FAMILIES = families();

  /**
   * What {@link #read} found: an answer, or why there is none.
   *
   * @param answer null when there is none
   * @param problem why there is no answer, in a few words; null when there is one
   */
  public record Reading(Answer answer, String problem) {}

  final Endpoint endpoint;
  private final boolean chatLike;

  EndpointFamily(Endpoint endpoint, boolean chatLike) {
    this.endpoint = endpoint;
    this.chatLike = chatLike;
  }

  /** Where a written stream's events go; {@code event} is null for a {@code data:}-only event. */
  @FunctionalInterface
  public interface Events {
    void send(String event, String data) throws IOException;
  }

  /** The family of {@code endpoint}, set up for it; an unknown (null) endpoint is {@code OTHER}. */
  public static EndpointFamily of(Endpoint endpoint) {
    return FAMILIES.get(endpoint == null ? Endpoint.OTHER : endpoint);
  }

  /** The family of the endpoint at a request path (without query). */
  public static EndpointFamily ofPath(String path) {
    return of(Endpoint.of(path));
  }

  private static Map<Endpoint, EndpointFamily> families() {
    Map<Endpoint, EndpointFamily> m = new EnumMap<>(Endpoint.class);
    for (Endpoint e : Endpoint.values()) {
      m.put(
          e,
          switch (e) {
            case CHAT_COMPLETIONS -> new ChatCompletions(e);
            case COMPLETIONS, NATIVE_COMPLETION, INFILL -> new Completions(e);
            case MESSAGES -> new Messages(e);
            case RESPONSES -> new Responses(e);
            case OLLAMA_CHAT, OLLAMA_GENERATE -> new Ollama(e);
            case EMBEDDINGS -> new Embeddings(e);
            case OTHER -> new OtherEndpoint(e);
          });
    }
    return m;
  }

  /** The endpoint this instance reads. */
  public final Endpoint endpoint() {
    return endpoint;
  }

  // ---- usage --------------------------------------------------------------------------------

  /** Reads the figures of a whole non-streamed response body (or one line of an Ollama stream). */
  public final void usageFromBody(JsonNode body, ReportedUsage into) {
    if (body != null && body.isObject()) {
      usage(body, into);
    }
  }

  /**
   * Reads the figures of one stream event's data. {@code type} is the SSE {@code event:} name (null
   * for NDJSON lines and unnamed events); the data's own {@code type} field wins when it has one.
   */
  public final void usageFromEvent(String type, JsonNode data, ReportedUsage into) {
    if (data != null && data.isObject()) {
      eventUsage(kind(type, data), data, into);
    }
  }

  /** A whole body's figures; {@code body} is an object. */
  abstract void usage(JsonNode body, ReportedUsage into);

  /** One event's figures; by default an event reads like a whole body. */
  void eventUsage(String kind, JsonNode data, ReportedUsage into) {
    usage(data, into);
  }

  // ---- generated output ---------------------------------------------------------------------

  /** Whether this endpoint's stream events are told apart at all (not for other paths). */
  public final boolean detectsOutput() {
    return endpoint.generates();
  }

  /**
   * Whether one stream event carries generated output (a "token event"): the events that time the
   * first token and, when the server reports no counts, stand in for them. A role-only opening
   * chunk, an empty final chunk, usage-only chunks and bookkeeping events are not token events.
   *
   * @param type the SSE {@code event:} name, or null; the data's own {@code type} wins
   * @param data the event's parsed data
   */
  public final boolean carriesOutput(String type, JsonNode data) {
    return data != null && data.isObject() && output(kind(type, data), data);
  }

  /** Whether the event carries output; {@code data} is an object, {@code kind} its type or null. */
  abstract boolean output(String kind, JsonNode data);

  /** Whether a stream of this API is NDJSON when the response names no content type. */
  public boolean streamsNdjson() {
    return false;
  }

  // ---- the answer ---------------------------------------------------------------------------

  /**
   * The answer in a response {@code body} (chat, messages, responses, the completion APIs, Ollama),
   * streamed or not; never throws for bad input.
   */
  public final Reading read(byte[] body, StreamSplitter frames) {
    try {
      return new Reading(answer(body, frames), null);
    } catch (Unreadable e) {
      String detail = e.getMessage();
      return new Reading(
          null,
          e.reason() == Unreadable.Reason.NOT_CHAT
              ? "no answer to read on this endpoint (" + detail + ")"
              : e.reason().words() + (detail == null ? "" : ": " + detail));
    } catch (RuntimeException e) {
      return new Reading(null, "unreadable: " + e.getMessage());
    }
  }

  /** Whether the JSONL export reads this API (a conversation of messages and an answer). */
  public final boolean chatLike() {
    return chatLike;
  }

  /**
   * The answer of a chat-like API in {@code body}: a JSON object when not streamed, else a stream.
   *
   * @throws Unreadable when the body holds no answer of this API's shape, or it is not chat-like
   */
  public final Answer reassemble(byte[] body, StreamSplitter frames) throws Unreadable {
    if (!chatLike()) {
      throw notChat();
    }
    return answer(body, frames);
  }

  /** The answer in {@code body}, whatever its shape. */
  Answer answer(byte[] body, StreamSplitter frames) throws Unreadable {
    throw notChat();
  }

  // ---- the request --------------------------------------------------------------------------

  /**
   * The messages a chat-like request sent, in chat-completions shape, so a JSONL line stands on its
   * own.
   */
  public final ArrayNode messages(JsonNode request) throws Unreadable {
    if (!request.isObject()) {
      throw Unreadable.unparseable("the request is not a JSON object");
    }
    ArrayNode out = JsonNodeFactory.instance.arrayNode();
    messages(request, out);
    return out;
  }

  /** Adds the request's messages to {@code out}; {@code request} is an object. */
  void messages(JsonNode request, ArrayNode out) throws Unreadable {
    throw notChat();
  }

  // ---- the answer as llama-server writes it (the demo server) -------------------------------

  /** Whether this family writes answers ({@link #wholeReply} and the stream events). */
  public boolean writesReplies() {
    return false;
  }

  /** How the ids of this API's answers begin. */
  public String replyIdPrefix() {
    return "chatcmpl-";
  }

  /** The body of the non-streamed answer. */
  public ObjectNode wholeReply(Generation g) {
    throw cannotWrite();
  }

  /** Events sent once the prompt is processed, before the first token's. */
  public void replyHead(Generation g, Events out) throws IOException {
    // most APIs send nothing before the first token
  }

  /** The event carrying generated token {@code i}. */
  public void replyToken(Generation g, Events out, int i) throws IOException {
    throw cannotWrite();
  }

  /** Events after the last token: finish, usage and timings, end of stream. */
  public void replyTail(Generation g, Events out) throws IOException {
    throw cannotWrite();
  }

  private UnsupportedOperationException cannotWrite() {
    return new UnsupportedOperationException("no answers written for " + endpoint.code());
  }

  /** {@code body} (a request or a response) as one JSON value; unparseable when it is not JSON. */
  public static JsonNode parse(byte[] body, String what) throws Unreadable {
    return Json.parse(body, what);
  }

  final Unreadable notChat() {
    return new Unreadable(Unreadable.Reason.NOT_CHAT, endpoint.code());
  }

  /** The event's own {@code type}, else the SSE event name. */
  static String kind(String type, JsonNode data) {
    String own = Json.string(data.get("type"));
    return own != null ? own : type;
  }
}
