package dev.tokentap.ui.inspector;

import dev.tokentap.capture.Capture;
import dev.tokentap.capture.CaptureBody;
import dev.tokentap.endpoint.Answer;
import dev.tokentap.endpoint.ChatTranscript;
import dev.tokentap.endpoint.EndpointFamily;
import dev.tokentap.metrics.StreamFrames;
import dev.tokentap.model.EventTimes;
import dev.tokentap.model.Header;
import dev.tokentap.store.ExchangeReads;
import dev.tokentap.store.StoreException;
import dev.tokentap.store.StoredExchange;
import dev.tokentap.ui.fx.Formats;
import dev.tokentap.ui.inspector.Inspection.StreamEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;

/**
 * Reads one exchange for the inspector and prepares it for the screen: the row, the capture, the
 * event times, the bodies' text, the events, the answer, the curl command. Runs on the worker
 * (JDBC, zstd, JSON); never on the FX thread.
 */
final class InspectionLoader {

  /** Characters of an event's data shown in the events table. */
  static final int PREVIEW_CHARS = 160;

  private InspectionLoader() {}

  /**
   * @throws NoSuchElementException when the exchange is no longer stored
   */
  static Inspection load(ExchangeReads store, long id) {
    StoredExchange row =
        store
            .exchange(id)
            .orElseThrow(
                () ->
                    new NoSuchElementException(
                        "Exchange #" + id + " is no longer stored (pruned or deleted)."));
    Capture capture = store.capture(id).orElse(null);
    EventTimes times = EventTimes.EMPTY;
    String timesProblem = null;
    if (row.streamed()) {
      try {
        times = store.eventTimes(id).orElse(EventTimes.EMPTY);
      } catch (StoreException e) {
        timesProblem = "event times unreadable: " + e.getMessage();
      }
    }
    BodyText request =
        capture == null || capture.request() == null ? null : BodyText.of(capture.request());
    BodyText response =
        capture == null || capture.response() == null ? null : BodyText.of(capture.response());

    List<StreamEvent> events = List.of();
    String eventNote = timesProblem;
    CaptureBody body = capture == null ? null : capture.response();
    if (row.streamed() && body != null && body.decoded()) {
      events = events(body.bytes(), ndjson(row, capture), times);
      if (eventNote == null) {
        eventNote = eventNote(events.size(), times, body);
      }
    } else if (row.streamed()) {
      eventNote =
          body == null
              ? "No capture kept: the events' data is not known; the chart shows their times."
              : "The stream is still " + body.wireEncoding() + "-encoded: its events are unread.";
    }

    Answer answer = null;
    String answerNote;
    if (body == null) {
      answerNote = "No response body was captured.";
    } else if (!body.decoded()) {
      answerNote = "The response is still " + body.wireEncoding() + "-encoded.";
    } else {
      EndpointFamily.Reading r =
          EndpointFamily.of(row.endpoint()).read(body.bytes(), StreamFrames.SPLITTER);
      answer = r.answer();
      answerNote =
          answer == null
              ? "No answer: " + r.problem() + "."
              : row.streamed()
                  ? "Reassembled from " + Formats.count((long) events.size()) + " stream events."
                  : "Read from the response body.";
      if (answer != null && body.truncated()) {
        answerNote += " The body was cut by the capture cap: the answer is incomplete.";
      }
    }

    return new Inspection(
        row,
        MetricTable.of(row),
        capture != null,
        capture == null ? List.of() : capture.requestHeaders(),
        capture == null ? List.of() : capture.responseHeaders(),
        request,
        response,
        events,
        eventNote,
        Timeline.of(times, row.ttftMs()),
        answer,
        answerNote,
        CurlCommand.of(row, capture),
        ConversationTurns.load(store, row, capture),
        chat(row, capture));
  }

  /** The request as a chat, from its decoded captured body. */
  private static ChatTranscript chat(StoredExchange row, Capture capture) {
    CaptureBody body = capture == null ? null : capture.request();
    if (body == null || !body.decoded()) {
      return ChatTranscript.NONE;
    }
    return ChatTranscript.of(EndpointFamily.of(row.endpoint()), body.bytes());
  }

  private static boolean ndjson(StoredExchange row, Capture capture) {
    String type = Header.first(capture.responseHeaders(), "Content-Type");
    String t = type == null ? "" : type.toLowerCase(Locale.ROOT);
    if (t.startsWith("text/event-stream")) {
      return false;
    }
    if (t.contains("ndjson") || t.contains("jsonl") || t.contains("jsonlines")) {
      return true;
    }
    return EndpointFamily.of(row.endpoint()).streamsNdjson();
  }

  /** The body's events (same readers as the meter, so event i is event time i). */
  private static List<StreamEvent> events(byte[] body, boolean ndjson, EventTimes times) {
    List<StreamEvent> out = new ArrayList<>();
    double[] previous = {Double.NaN};
    StreamFrames.EventListener add =
        (type, data) -> {
          int i = out.size();
          Double offset = i < times.count() ? times.offsetMicros(i) / 1000.0 : null;
          Double gap =
              offset == null
                  ? null
                  : i == 0 || Double.isNaN(previous[0]) ? null : offset - previous[0];
          previous[0] = offset == null ? Double.NaN : offset;
          boolean output = i < times.count() && times.carriesOutput(i);
          out.add(
              new StreamEvent(i + 1, offset, gap, type == null ? "" : type, preview(data), output));
        };
    if (ndjson) {
      StreamFrames.ndjson(body, line -> add.onEvent(null, line));
    } else {
      StreamFrames.sse(body, add);
    }
    return out;
  }

  private static String preview(String data) {
    String s = data.length() > PREVIEW_CHARS ? data.substring(0, PREVIEW_CHARS) + "…" : data;
    return s.replace('\n', ' ').replace('\r', ' ');
  }

  private static String eventNote(int read, EventTimes times, CaptureBody body) {
    StringBuilder b = new StringBuilder();
    b.append(Formats.count((long) read)).append(" events in the captured body");
    if (times.count() == 0) {
      b.append("; their arrival times were not measured (an import, or an older file)");
    } else if (times.totalCount() != read) {
      b.append(", ").append(Formats.count((long) times.totalCount())).append(" timed");
      if (times.truncated()) {
        b.append(" (times kept for the first ").append(Formats.count((long) times.count()));
        b.append(")");
      }
    }
    if (body.truncated()) {
      b.append("; the body was cut by the capture cap");
    }
    return b.append('.').toString();
  }
}
