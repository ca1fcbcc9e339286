package dev.tokentap.ui.inspector;

import dev.tokentap.endpoint.Answer;
import dev.tokentap.endpoint.ChatTranscript;
import dev.tokentap.ui.fx.Formats;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TitledPane;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The Chat tab: a chat-like request as a conversation, one card per message (system prompt, user,
 * assistant, tool results), tool calls under the message that made them, reasoning folded, and the
 * answer last. The JSON is a tab away (Request, Response).
 */
final class ChatPane {

  /** The most characters of one message shown; the Request tab has them all. */
  static final int MAX_SHOWN = 20_000;

  private final VBox cards = new VBox(6);
  private final ScrollPane root = new ScrollPane(cards);

  ChatPane() {
    cards.setId("chat-messages");
    cards.setPadding(new Insets(8));
    root.setFitToWidth(true);
    root.setId("chat-pane");
  }

  Node root() {
    return root;
  }

  /** Shows {@code chat} and, after it, {@code answer} (null when none was read). */
  void show(ChatTranscript chat, Answer answer) {
    List<Node> shown = new ArrayList<>();
    if (chat.isEmpty()) {
      shown.add(note("Not a chat: this request has no message list. The Request tab shows it."));
    }
    if (!chat.tools().isEmpty()) {
      shown.add(note("Tools offered: " + String.join(", ", chat.tools())));
    }
    for (ChatTranscript.Message m : chat.messages()) {
      shown.add(card(m.role(), m.answersCall(), m.text(), m.reasoning(), m.toolCalls(), false));
    }
    if (!chat.isEmpty() && answer != null) {
      List<ChatTranscript.ToolCall> calls = new ArrayList<>();
      answer
          .toolCalls()
          .forEach(
              c ->
                  calls.add(
                      new ChatTranscript.ToolCall(
                          c.path("id").asText(null),
                          c.path("function").path("name").asText(""),
                          c.path("function").path("arguments").asText(""))));
      shown.add(card("assistant", null, answer.content(), answer.reasoning(), calls, true));
    }
    cards.getChildren().setAll(shown);
    root.setVvalue(0);
  }

  private static Node card(
      String role,
      String answersCall,
      String text,
      String reasoning,
      List<ChatTranscript.ToolCall> calls,
      boolean isAnswer) {
    String who = role.isEmpty() ? "(no role)" : role;
    Label head =
        new Label(
            who
                + (isAnswer ? " · the answer" : "")
                + (answersCall == null ? "" : " · result of call " + answersCall));
    head.getStyleClass().add("chat-role");
    VBox card = new VBox(3, head);
    card.getStyleClass().addAll("chat-card", "chat-" + role.toLowerCase(Locale.ROOT));
    card.setPadding(new Insets(6, 8, 6, 8));
    if (!reasoning.isEmpty()) {
      TitledPane folded =
          new TitledPane(
              "Reasoning (" + Formats.count((long) reasoning.length()) + " characters)",
              wrapped(reasoning, "chat-reasoning"));
      folded.setExpanded(false);
      folded.getStyleClass().add("chat-reasoning-pane");
      card.getChildren().add(folded);
    }
    if (!text.isEmpty()) {
      card.getChildren().add(wrapped(text, "chat-text"));
    }
    for (ChatTranscript.ToolCall c : calls) {
      String id = c.id() == null ? "" : "  [" + c.id() + "]";
      card.getChildren()
          .add(wrapped("→ " + c.name() + "(" + c.arguments() + ")" + id, "chat-call"));
    }
    if (text.isEmpty() && calls.isEmpty() && reasoning.isEmpty()) {
      card.getChildren().add(note("(empty)"));
    }
    return card;
  }

  private static Label wrapped(String text, String style) {
    String shown =
        text.length() <= MAX_SHOWN
            ? text
            : text.substring(0, MAX_SHOWN)
                + "\n… "
                + Formats.count((long) (text.length() - MAX_SHOWN))
                + " more characters: the Request tab has them all.";
    Label l = new Label(shown);
    l.setWrapText(true);
    l.setMinHeight(Region.USE_PREF_SIZE);
    l.getStyleClass().add(style);
    return l;
  }

  private static Label note(String text) {
    Label l = wrapped(text, "inspector-note");
    l.setPadding(new Insets(2, 0, 2, 0));
    return l;
  }
}
