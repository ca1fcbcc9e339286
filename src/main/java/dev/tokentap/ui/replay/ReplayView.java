package dev.tokentap.ui.replay;

import dev.tokentap.replay.ReplayResult;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.scene.text.Font;

/**
 * The replay screen, built in code: on the left the request to send (the JSON body in an editor,
 * the model, the upstream URL and an API key field whose text is never stored), Send and what is
 * happening; on the right the original and the replay side by side, figure by figure, then their
 * answers.
 */
public final class ReplayView {

  private final ReplayViewModel vm;
  private final BorderPane root = new BorderPane();
  private final GridPane figures = new GridPane();
  private final TextArea originalAnswer = answerArea("replay-original-answer");
  private final TextArea replayAnswer = answerArea("replay-answer");

  public ReplayView(ReplayViewModel vm) {
    this.vm = vm;
    root.setId("replay");
    Label title = new Label();
    title.setId("replay-title");
    title.setStyle("-fx-font-weight: bold; -fx-font-size: 1.15em;");
    title.textProperty().bind(vm.titleProperty());
    title.setPadding(new Insets(6, 8, 6, 8));
    root.setTop(title);
    SplitPane split = new SplitPane(editor(), comparison());
    split.setOrientation(Orientation.HORIZONTAL);
    split.setDividerPositions(0.42);
    root.setCenter(split);
    vm.resultProperty().subscribe(this::show);
  }

  public Parent root() {
    return root;
  }

  private Node editor() {
    TextField model = field("replay-model", "the body's \"model\"");
    model.textProperty().bindBidirectional(vm.modelProperty());
    TextField upstream = field("replay-upstream", "http://127.0.0.1:8080");
    upstream.textProperty().bindBidirectional(vm.upstreamProperty());
    PasswordField key = new PasswordField();
    key.setId("replay-key");
    key.setPromptText("optional; sent as Bearer, never stored");
    key.textProperty().bindBidirectional(vm.credentialProperty());
    GridPane form = new GridPane(8, 6);
    form.addRow(0, new Label("Model"), model);
    form.addRow(1, new Label("Upstream"), upstream);
    form.addRow(2, new Label("API key"), key);
    ColumnConstraints labels = new ColumnConstraints();
    ColumnConstraints fields = new ColumnConstraints();
    fields.setHgrow(Priority.ALWAYS);
    form.getColumnConstraints().setAll(labels, fields);
    TextArea body = new TextArea();
    body.setId("replay-body");
    body.setFont(Font.font("Monospaced", 12));
    body.setWrapText(true);
    body.textProperty().bindBidirectional(vm.bodyProperty());
    VBox.setVgrow(body, Priority.ALWAYS);
    Button send = new Button("Send");
    send.setId("replay-send");
    send.setDefaultButton(true);
    send.disableProperty().bind(vm.readyProperty().not().or(vm.sendingProperty()));
    send.setOnAction(e -> vm.send());
    ProgressIndicator progress = new ProgressIndicator();
    progress.setPrefSize(18, 18);
    progress.visibleProperty().bind(vm.sendingProperty());
    Label message = new Label();
    message.setId("replay-message");
    message.setWrapText(true);
    message.textProperty().bind(vm.messageProperty());
    HBox.setHgrow(message, Priority.ALWAYS);
    HBox actions = new HBox(8, send, progress, message);
    actions.setAlignment(Pos.CENTER_LEFT);
    VBox left = new VBox(6, form, new Label("Body (JSON)"), body, actions);
    left.setPadding(new Insets(6, 8, 8, 8));
    return left;
  }

  private Node comparison() {
    figures.setId("replay-figures");
    figures.setHgap(16);
    figures.setVgap(3);
    ColumnConstraints label = new ColumnConstraints(140);
    ColumnConstraints side = new ColumnConstraints();
    side.setPercentWidth(38);
    figures.getColumnConstraints().setAll(label, side, side);
    HBox answers =
        new HBox(
            8,
            labelled("Original's answer", originalAnswer),
            labelled("Replay's answer", replayAnswer));
    VBox.setVgrow(answers, Priority.ALWAYS);
    VBox right = new VBox(10, figures, answers);
    right.setPadding(new Insets(6, 8, 8, 8));
    show(null);
    return right;
  }

  private void show(ReplayResult r) {
    figures.getChildren().clear();
    figures.addRow(0, bold(""), bold("Original"), bold("Replay"));
    int row = 1;
    for (ReplayFigures f : vm.figures()) {
      Label a = new Label(f.original());
      Label b = new Label(f.replay());
      a.setWrapText(true);
      b.setWrapText(true);
      b.setId(
          "replay-figure-"
              + f.label().toLowerCase(java.util.Locale.ROOT).replace(' ', '-').replace('/', '-'));
      figures.addRow(row++, new Label(f.label()), a, b);
    }
    if (r == null) {
      figures.add(new Label("Send to compare the two answers here."), 0, 1, 3, 1);
    }
    originalAnswer.setText(r == null ? "" : ReplayViewModel.answerText(r.original()));
    replayAnswer.setText(r == null ? "" : ReplayViewModel.answerText(r.replay()));
  }

  private static VBox labelled(String text, TextArea area) {
    VBox box = new VBox(4, bold(text), area);
    VBox.setVgrow(area, Priority.ALWAYS);
    HBox.setHgrow(box, Priority.ALWAYS);
    return box;
  }

  private static TextArea answerArea(String id) {
    TextArea a = new TextArea();
    a.setId(id);
    a.setEditable(false);
    a.setWrapText(true);
    a.setPrefRowCount(8);
    return a;
  }

  private static TextField field(String id, String prompt) {
    TextField f = new TextField();
    f.setId(id);
    f.setPromptText(prompt);
    return f;
  }

  private static Label bold(String text) {
    Label l = new Label(text);
    l.setStyle("-fx-font-weight: bold;");
    return l;
  }
}
