package dev.tokentap.endpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.tokentap.model.Endpoint;

/**
 * Ollama's native API, {@code /api/chat} ({@code message}) and {@code /api/generate} ({@code
 * response}): NDJSON lines when streamed, counts and durations in nanoseconds on the last line.
 */
final class Ollama extends EndpointFamily {

  Ollama(Endpoint endpoint) {
    super(endpoint, endpoint == Endpoint.OLLAMA_CHAT);
  }

  /** {@code /api/chat} (else {@code /api/generate}). */
  private boolean chat() {
    return chatLike();
  }

  /** Counts, and durations in nanoseconds. Cached tokens are not reported. */
  @Override
  void usage(JsonNode body, ReportedUsage into) {
    into.model(Json.string(body.get("model")));
    into.finishReason(Json.string(body.get("done_reason")));
    Long prompt = Json.count(body.get("prompt_eval_count"));
    Long completion = Json.count(body.get("eval_count"));
    into.promptTokens(prompt);
    into.completionTokens(completion);
    into.promptTps(perSecond(prompt, Json.count(body.get("prompt_eval_duration"))));
    into.genTps(perSecond(completion, Json.count(body.get("eval_duration"))));
  }

  private static Double perSecond(Long tokens, Long durationNanos) {
    if (tokens == null || durationNanos == null || durationNanos <= 0) {
      return null;
    }
    return tokens / (durationNanos / 1e9);
  }

  @Override
  boolean output(String kind, JsonNode data) {
    if (!chat()) {
      return Json.nonEmptyText(data.get("response")) || Json.nonEmptyText(data.get("thinking"));
    }
    JsonNode message = data.path("message");
    return Json.nonEmptyText(message.get("content"))
        || Json.nonEmptyText(message.get("thinking"))
        || Json.nonEmptyArray(message.get("tool_calls"));
  }

  @Override
  public boolean streamsNdjson() {
    return true;
  }

  @Override
  Answer answer(byte[] body, StreamSplitter frames) throws Unreadable {
    return chat() ? chatAnswer(body, frames) : generated(body, frames);
  }

  /** {@code /api/chat}: NDJSON lines with {@code message.content} pieces (or one such object). */
  private static Answer chatAnswer(byte[] body, StreamSplitter frames) throws Unreadable {
    return new StreamAnswer(frames) {
      @Override
      protected void frame(JsonNode frame) {
        JsonNode message = frame.path("message");
        if (!message.isObject() && !frame.has("done")) {
          return; // not an Ollama chat line
        }
        answer
            .seen()
            .text(Json.str(message, "content"))
            .reasoning(Json.str(message, "thinking"))
            .finishReason(Json.str(frame, "done_reason"));
        for (JsonNode call : message.path("tool_calls")) {
          JsonNode fn = call.path("function");
          answer.call(
              Json.str(call, "id"), Json.str(fn, "name"), Json.arguments(fn.get("arguments")));
        }
      }
    }.ndjson(body);
  }

  /** {@code /api/generate}: the {@code response} pieces, NDJSON when streamed. */
  private static Answer generated(byte[] body, StreamSplitter frames) throws Unreadable {
    return new StreamAnswer(frames) {
      @Override
      protected void frame(JsonNode frame) {
        if (frame.has("response") || frame.has("done")) {
          answer
              .seen()
              .text(Json.str(frame, "response"))
              .reasoning(Json.str(frame, "thinking"))
              .finishReason(Json.str(frame, "done_reason"));
        }
      }
    }.sseOrJson(body);
  }

  @Override
  void messages(JsonNode request, ArrayNode out) throws Unreadable {
    if (!chat()) {
      throw notChat();
    }
    out.addAll(ChatCompletions.requestMessages(request));
  }
}
