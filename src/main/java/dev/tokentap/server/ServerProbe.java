package dev.tokentap.server;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Reads the model server for the Server tab: llama-server's {@code /slots}, {@code /props} and
 * {@code /metrics} where they answer, else Ollama's {@code /api/ps}, else {@code /v1/models}; one
 * {@link ServerSnapshot} per {@link #read}. It remembers what kind of server answered (so a poll
 * costs one to three requests, not a search) and the last slots (for tok/s). Blocking, on {@link
 * ServerHttp}; one caller at a time (the tab's worker), never the FX thread.
 */
public final class ServerProbe {

  /** {@code /props} changes only when the server restarts: read again after this long. */
  static final long PROPS_EVERY_NANOS = 10_000_000_000L;

  /** Failed reads in a row before a known server is given up as down. */
  static final int FAILURES_BEFORE_DOWN = 3;

  private final ServerHttp http;
  private final LongSupplier nanoTime;

  private URI base;
  private ServerSnapshot.Kind kind;
  private LlamaProps props;
  private long propsAt;
  private boolean metricsAnswer = true;
  private List<LlamaSlot> lastSlots = List.of();
  private long lastSlotsAt;
  private ServerSnapshot last;
  private int failures;

  public ServerProbe(ServerHttp http) {
    this(http, System::nanoTime);
  }

  ServerProbe(ServerHttp http, LongSupplier nanoTime) {
    this.http = http;
    this.nanoTime = nanoTime;
  }

  /** Reads {@code server} (its base URL) once. */
  public ServerSnapshot read(URI server) {
    if (!server.equals(base)) {
      forget();
      base = server;
    }
    String where = displayed(server);
    try {
      ServerSnapshot s = readKnownOrFind(server, where);
      failures = 0;
      last = s;
      return s;
    } catch (IllegalArgumentException e) {
      forget();
      return ServerSnapshot.nothing(
          ServerSnapshot.Kind.DOWN, where, "The upstream " + where + " is not an http:// address.");
    } catch (IOException e) {
      failures++;
      if (last != null && failures < FAILURES_BEFORE_DOWN) {
        return withNote(
            last,
            "No answer from "
                + where
                + " to the last read (busy, or gone); these figures are from the read before.");
      }
      forget();
      base = server;
      return ServerSnapshot.nothing(
          ServerSnapshot.Kind.DOWN, where, "Nothing answers at " + where + ".");
    }
  }

  private ServerSnapshot readKnownOrFind(URI server, String where) throws IOException {
    if (kind != null) {
      ServerSnapshot s = readAs(kind, server, where);
      if (s != null) {
        return s;
      }
      forget(); // it changed (restarted as something else): look again
      base = server;
    }
    for (ServerSnapshot.Kind k :
        List.of(
            ServerSnapshot.Kind.LLAMA_SERVER,
            ServerSnapshot.Kind.OLLAMA,
            ServerSnapshot.Kind.OPENAI_COMPATIBLE)) {
      ServerSnapshot s = readAs(k, server, where);
      if (s != null) {
        kind = k;
        return s;
      }
    }
    return ServerSnapshot.nothing(
        ServerSnapshot.Kind.UNKNOWN,
        where,
        "The server at "
            + where
            + " answers none of llama-server's /slots and /props, Ollama's /api/ps or /v1/models,"
            + " so there is nothing to show of it here.");
  }

  private ServerSnapshot readAs(ServerSnapshot.Kind k, URI server, String where)
      throws IOException {
    return switch (k) {
      case LLAMA_SERVER -> readLlama(server, where);
      case OLLAMA -> readOllama(server, where);
      case OPENAI_COMPATIBLE -> readModels(server, where);
      default -> null;
    };
  }

  private ServerSnapshot readLlama(URI server, String where) throws IOException {
    ServerHttp.Reply slotsReply = http.get(server, "slots");
    long at = nanoTime.getAsLong();
    List<LlamaSlot> slots = slotsReply.ok() ? ServerJson.slots(slotsReply.body()) : null;
    if (props == null || at - propsAt >= PROPS_EVERY_NANOS) {
      ServerHttp.Reply propsReply = http.get(server, "props");
      props = propsReply.ok() ? ServerJson.props(propsReply.body()) : null;
      propsAt = at;
    }
    if (slots == null && props == null) {
      return null;
    }
    Map<String, Double> counters = null;
    if (metricsAnswer) {
      ServerHttp.Reply m = http.get(server, "metrics");
      counters = m.ok() ? ServerJson.counters(m.body()) : null;
      metricsAnswer = counters != null;
    }
    List<SlotState> states = List.of();
    if (slots != null) {
      states = SlotState.of(slots, lastSlots, (at - lastSlotsAt) / 1e9);
      lastSlots = slots;
      lastSlotsAt = at;
    }
    String note = null;
    if (slots == null) {
      note = "llama-server does not show its slots (started with --no-slots).";
    } else if (counters == null) {
      note = "llama-server's own counters are off (start it with --metrics to see them).";
    }
    return new ServerSnapshot(
        ServerSnapshot.Kind.LLAMA_SERVER,
        where,
        props,
        states,
        counters == null ? Map.of() : counters,
        List.of(),
        List.of(),
        note);
  }

  private ServerSnapshot readOllama(URI server, String where) throws IOException {
    ServerHttp.Reply r = http.get(server, "api/ps");
    List<OllamaModel> loaded = r.ok() ? ServerJson.ollamaLoaded(r.body()) : null;
    if (loaded == null) {
      return null;
    }
    return new ServerSnapshot(
        ServerSnapshot.Kind.OLLAMA,
        where,
        null,
        List.of(),
        Map.of(),
        loaded,
        List.of(),
        loaded.isEmpty() ? "Ollama has no model loaded." : null);
  }

  private ServerSnapshot readModels(URI server, String where) throws IOException {
    ServerHttp.Reply r = http.get(server, "v1/models");
    List<String> models = r.ok() ? ServerJson.modelIds(r.body()) : null;
    if (models == null) {
      return null;
    }
    return new ServerSnapshot(
        ServerSnapshot.Kind.OPENAI_COMPATIBLE,
        where,
        null,
        List.of(),
        Map.of(),
        List.of(),
        models,
        "This server shows only its models (/v1/models); slots and counters are llama-server's.");
  }

  private void forget() {
    kind = null;
    props = null;
    propsAt = 0;
    metricsAnswer = true;
    lastSlots = List.of();
    lastSlotsAt = 0;
    last = null;
    failures = 0;
  }

  private static ServerSnapshot withNote(ServerSnapshot s, String note) {
    return new ServerSnapshot(
        s.kind(), s.server(), s.props(), s.slots(), s.counters(), s.loaded(), s.models(), note);
  }

  /** {@code server} as the tab names it: without user info, query or fragment. */
  static String displayed(URI server) {
    if (server.getHost() == null) {
      return "(no address)";
    }
    String host = server.getHost();
    String port = server.getPort() > 0 ? ":" + server.getPort() : "";
    String path = server.getRawPath() == null ? "" : server.getRawPath();
    return server.getScheme() + "://" + host + port + path;
  }
}
