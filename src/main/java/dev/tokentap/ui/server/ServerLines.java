package dev.tokentap.ui.server;

import dev.tokentap.model.ByteSize;
import dev.tokentap.server.LlamaProps;
import dev.tokentap.server.OllamaModel;
import dev.tokentap.server.ServerSnapshot;
import dev.tokentap.server.SlotState;
import dev.tokentap.ui.fx.Formats;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A {@link ServerSnapshot} in words, for the Server tab: its headline, slot rows and figures. */
final class ServerLines {

  /** One line of the slots table. */
  record SlotRow(String slot, String state, String speed, String context) {}

  /** One line of the figures table: a counter, a loaded model, a listed model. */
  record Figure(String name, String value) {}

  private ServerLines() {}

  static String headline(ServerSnapshot s) {
    return switch (s.kind()) {
      case LLAMA_SERVER -> llamaHeadline(s.server(), s.props(), s.slots().size());
      case OLLAMA ->
          "Ollama at " + s.server() + ": " + plural(s.loaded().size(), "model") + " loaded";
      case OPENAI_COMPATIBLE ->
          "OpenAI-compatible server at " + s.server() + ": " + plural(s.models().size(), "model");
      case UNKNOWN, DOWN -> s.server();
    };
  }

  private static String llamaHeadline(String server, LlamaProps p, int slots) {
    StringBuilder b = new StringBuilder("llama-server at ").append(server);
    if (p != null) {
      if (p.build() != null) {
        b.append(" · build ").append(p.build());
      }
      String model = p.alias() != null ? p.alias() : p.modelPath();
      if (model != null) {
        b.append(" · ").append(model);
        if (p.alias() != null && p.modelPath() != null) {
          b.append(" (").append(p.modelPath()).append(')');
        }
      }
      if (p.nCtx() > 0) {
        b.append(" · n_ctx ").append(Formats.count((long) p.nCtx()));
      }
      slots = Math.max(slots, p.totalSlots());
    }
    return b.append(" · ").append(plural(slots, "slot")).toString();
  }

  static SlotRow slot(SlotState s) {
    String ctx = " of " + Formats.count((long) s.nCtx());
    return switch (s.phase()) {
      case IDLE -> new SlotRow(Integer.toString(s.id()), "idle", Formats.NOT_REPORTED, "—" + ctx);
      case PROMPT ->
          new SlotRow(
              Integer.toString(s.id()),
              "processing the prompt: "
                  + Formats.count(s.promptDone())
                  + " of "
                  + Formats.count(s.promptTotal())
                  + " tokens ("
                  + String.format(Locale.ROOT, "%.0f%%", s.promptPercent())
                  + ")",
              speed(s.tokensPerSecond()),
              Formats.count(s.contextUsed()) + ctx);
      case GENERATING ->
          new SlotRow(
              Integer.toString(s.id()),
              "generating: " + plural(s.generated(), "token"),
              speed(s.tokensPerSecond()),
              Formats.count(s.contextUsed()) + ctx);
    };
  }

  static List<Figure> figures(ServerSnapshot s) {
    List<Figure> f = new ArrayList<>();
    for (Map.Entry<String, Double> c : s.counters().entrySet()) {
      f.add(new Figure(c.getKey().replaceFirst("^llamacpp:", ""), number(c.getValue())));
    }
    for (OllamaModel m : s.loaded()) {
      f.add(
          new Figure(
              m.name(),
              ByteSize.format(m.size())
                  + ", "
                  + ByteSize.format(m.sizeVram())
                  + " in VRAM"
                  + (m.expiresAt() != null ? ", unloads at " + m.expiresAt() : "")));
    }
    for (String id : s.models()) {
      f.add(new Figure(id, "listed in /v1/models"));
    }
    return f;
  }

  private static String speed(Double tps) {
    return tps == null ? Formats.NOT_REPORTED : Formats.rate(tps) + " tok/s";
  }

  private static String number(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15
        ? Formats.count((long) v)
        : String.format(Locale.ROOT, "%.3f", v);
  }

  private static String plural(long n, String what) {
    return Formats.count(n) + " " + what + (n == 1 ? "" : "s");
  }
}
