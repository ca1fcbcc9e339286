package dev.tokentap.ui.inspector;

import dev.tokentap.endpoint.Answer;
import dev.tokentap.ui.fx.Formats;
import dev.tokentap.ui.inspector.Inspection.Metric;
import dev.tokentap.ui.inspector.Inspection.StreamEvent;
import dev.tokentap.ui.inspector.InspectorViewModel.Side;
import java.io.File;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.LongConsumer;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.Tooltip;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;

/**
 * The inspector: one exchange in a side pane (or a window of its own), tabs Overview (figures with
 * their meaning, the stream's timeline), Chat (a chat-like request as a conversation, shown first
 * for one), Request, Response, Stream (events with their times), Answer and Conversation; copy as
 * cURL, copy and save a body; closed with × or Esc.
 */
public final class InspectorView {

  /** Answers longer than this are shown as lines in a list, not in one text area. */
  private static final int ANSWER_AREA_LIMIT = 16 * 1024;

  private final InspectorViewModel vm;
  private final BorderPane root = new BorderPane();
  private final TabPane tabs = new TabPane();
  private final Label placeholder = new Label();
  private final VBox overview = new VBox(8);
  private final BodyPane request;
  private final BodyPane response;
  private final ConversationPane conversation = new ConversationPane();
  private final ChatPane chat = new ChatPane();
  private Tab overviewTab;
  private Tab chatTab;
  private final TableView<StreamEvent> events = new TableView<>();
  private final Label eventNote = new Label();
  private final VBox answer = new VBox(6);
  private Runnable onClose = () -> {};
  private final Button replay = new Button("Replay…");
  private final Button detach = new Button("Detach");

  public InspectorView(InspectorViewModel vm) {
    this.vm = vm;
    root.setId("inspector");
    root.getStyleClass().add("inspector");
    root.getStylesheets().add(InspectorView.class.getResource("inspector.css").toExternalForm());
    request = new BodyPane("request", () -> copyBody(Side.REQUEST), () -> save(Side.REQUEST));
    response = new BodyPane("response", () -> copyBody(Side.RESPONSE), () -> save(Side.RESPONSE));
    root.setTop(header());
    events.setId("events-table");
    events.setFixedCellSize(22);
    events.setPlaceholder(new Label("Not a stream."));
    addEventColumns();
    eventNote.getStyleClass().add("inspector-note");
    VBox stream = new VBox(4, eventNote, events);
    stream.setPadding(new Insets(6));
    VBox.setVgrow(events, Priority.ALWAYS);
    answer.setPadding(new Insets(8));
    answer.setId("answer");
    overview.setPadding(new Insets(8));
    ScrollPane overviewScroll = new ScrollPane(overview);
    overviewScroll.setFitToWidth(true);
    tabs.setId("inspector-tabs");
    tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
    overviewTab = tab("Overview", overviewScroll);
    chatTab = tab("Chat", chat.root());
    tabs.getTabs()
        .setAll(
            overviewTab,
            chatTab,
            tab("Request", request.root()),
            tab("Response", response.root()),
            tab("Stream", stream),
            tab("Answer", answer),
            tab("Conversation", conversation.root()));
    placeholder.setId("inspector-placeholder");
    placeholder.setWrapText(true);
    placeholder.getStyleClass().add("inspector-note");
    StackPane center = new StackPane(tabs, placeholder);
    StackPane.setAlignment(placeholder, Pos.TOP_LEFT);
    placeholder.setPadding(new Insets(12));
    root.setCenter(center);
    Label message = new Label();
    message.setId("inspector-message");
    message.getStyleClass().add("inspector-note");
    message.textProperty().bind(vm.messageProperty());
    message.setPadding(new Insets(2, 8, 2, 8));
    root.setBottom(message);
    root.setOnKeyPressed(
        e -> {
          if (e.getCode() == KeyCode.ESCAPE) {
            close();
            e.consume();
          }
        });
    root.setMinWidth(0);
    vm.inspectionProperty().addListener((o, a, i) -> show(i));
    vm.matchProperty()
        .addListener(
            (o, a, m) -> {
              request.setMatch(m);
              response.setMatch(m);
            });
    request.setMatch(vm.matchProperty().get());
    response.setMatch(vm.matchProperty().get());
    vm.loadingProperty().addListener((o, a, b) -> showPlaceholder());
    vm.problemProperty().addListener((o, a, b) -> showPlaceholder());
    show(vm.inspectionProperty().get());
  }

  public Node root() {
    return root;
  }

  /** What Replay… does with the exchange's id (opens the replay window); hidden until set. */
  public void setOnReplay(LongConsumer action) {
    replay.setVisible(true);
    replay.setManaged(true);
    replay.setOnAction(
        e -> {
          Inspection i = vm.inspectionProperty().get();
          if (i != null) {
            action.accept(i.row().id());
          }
        });
  }

  /**
   * What Detach does with the exchange's id (opens it in a window of its own); hidden until set.
   */
  public void setOnDetach(LongConsumer action) {
    detach.setVisible(true);
    detach.setManaged(true);
    detach.setOnAction(
        e -> {
          Inspection i = vm.inspectionProperty().get();
          if (i != null) {
            action.accept(i.row().id());
          }
        });
  }

  /** What × and Esc do (the app hides the side pane). */
  public void setOnClose(Runnable action) {
    this.onClose = action;
  }

  /** Closes the inspector: forgets the exchange and runs the close action. */
  public void close() {
    vm.clear();
    onClose.run();
  }

  private Node header() {
    Label title = new Label();
    title.setId("inspector-title");
    title.getStyleClass().add("inspector-title");
    title.textProperty().bind(vm.titleProperty());
    title.setMinWidth(0);
    Button curl = new Button("Copy as cURL");
    curl.setId("copy-curl");
    curl.setTooltip(new Tooltip("The request as a curl command; secrets stay [REDACTED]."));
    curl.disableProperty().bind(vm.inspectionProperty().isNull());
    curl.setOnAction(e -> copy(vm.curlText(), "the request as cURL"));
    replay.setId("inspector-replay");
    replay.setTooltip(new Tooltip("Send this request again, as it was or edited, and compare."));
    replay.disableProperty().bind(vm.inspectionProperty().isNull());
    replay.setVisible(false);
    replay.setManaged(false);
    detach.setId("inspector-detach");
    detach.setTooltip(new Tooltip("Open this exchange in a window of its own"));
    detach.disableProperty().bind(vm.inspectionProperty().isNull());
    detach.setVisible(false);
    detach.setManaged(false);
    Button close = new Button("×");
    close.setId("inspector-close");
    close.getStyleClass().add("inspector-close");
    close.setTooltip(new Tooltip("Close (Esc)"));
    close.setOnAction(e -> close());
    Region grow = new Region();
    HBox.setHgrow(grow, Priority.ALWAYS);
    HBox bar = new HBox(6, title, grow, replay, curl, detach, close);
    bar.setAlignment(Pos.CENTER_LEFT);
    bar.setPadding(new Insets(4, 6, 4, 8));
    bar.getStyleClass().add("inspector-header");
    return bar;
  }

  private void showPlaceholder() {
    String problem = vm.problemProperty().get();
    boolean loading = vm.loadingProperty().get();
    placeholder.setText(problem != null ? problem : loading ? "Loading…" : "");
    boolean visible = problem != null || loading;
    placeholder.setVisible(visible);
    tabs.setVisible(!visible && vm.inspectionProperty().get() != null);
  }

  private void show(Inspection i) {
    showPlaceholder();
    if (i == null) {
      return;
    }
    showOverview(i);
    request.show(i.requestHeaders(), i.request(), i.captured());
    response.show(i.responseHeaders(), i.response(), i.captured());
    events.getItems().setAll(i.events());
    eventNote.setText(i.eventNote() == null ? "Not a stream." : i.eventNote());
    showAnswer(i);
    conversation.show(i);
    chat.show(i.chat(), i.answer());
    // a chat-like request opens on its Chat tab, others on Overview; a tab the user chose stays
    Tab at = tabs.getSelectionModel().getSelectedItem();
    if (at == overviewTab || at == chatTab) {
      tabs.getSelectionModel().select(i.chat().isEmpty() ? overviewTab : chatTab);
    }
  }

  private void showOverview(Inspection i) {
    overview.getChildren().clear();
    if (!i.captured()) {
      Label none =
          new Label(
              "No capture kept for this exchange (captures were off, or it was pruned): the"
                  + " figures below are all there is.");
      none.setWrapText(true);
      none.setId("no-capture");
      none.getStyleClass().add("inspector-warning");
      overview.getChildren().add(none);
    }
    GridPane grid = new GridPane();
    grid.setId("metrics-grid");
    grid.setHgap(12);
    grid.setVgap(3);
    ColumnConstraints meaning = new ColumnConstraints();
    meaning.setHgrow(Priority.ALWAYS);
    grid.getColumnConstraints().setAll(new ColumnConstraints(), new ColumnConstraints(), meaning);
    int r = 0;
    for (Metric m : i.metrics()) {
      Label name = new Label(m.name());
      name.getStyleClass().add("metric-name");
      name.setMinWidth(Region.USE_PREF_SIZE);
      Label value = new Label(m.value());
      value.getStyleClass().add("metric-value");
      value.setMinWidth(Region.USE_PREF_SIZE); // measured once styled; wraps only past 240 px
      value.setMaxWidth(240);
      value.setWrapText(true);
      if (Formats.NOT_REPORTED.equals(m.value())) {
        value.getStyleClass().add("not-reported");
        value.setTooltip(new Tooltip("Not reported (this is not a zero)."));
      }
      Label what = new Label(m.meaning());
      what.getStyleClass().add("metric-meaning");
      what.setWrapText(true);
      grid.addRow(r++, name, value, what);
    }
    overview.getChildren().add(grid);
    if (i.timeline().events() > 0) {
      overview.getChildren().add(TimelineChart.of(i.timeline()));
    }
  }

  private void showAnswer(Inspection i) {
    answer.getChildren().clear();
    Label note = new Label(i.answerNote());
    note.setId("answer-note");
    note.setWrapText(true);
    note.getStyleClass().add("inspector-note");
    answer.getChildren().add(note);
    Answer a = i.answer();
    if (a == null) {
      return;
    }
    if (a.finishReason() != null) {
      answer.getChildren().add(new Label("Finish reason: " + a.finishReason()));
    }
    if (!a.reasoning().isEmpty()) {
      answer
          .getChildren()
          .addAll(heading("Reasoning"), textBlock("answer-reasoning", a.reasoning()));
    }
    answer.getChildren().addAll(heading("Text"), textBlock("answer-text", a.content()));
    if (!a.toolCalls().isEmpty()) {
      answer
          .getChildren()
          .addAll(
              heading("Tool calls"),
              textBlock("answer-tools", String.join("\n", a.toolCallsText())));
    }
  }

  private static Label heading(String s) {
    Label l = new Label(s);
    l.getStyleClass().add("metric-name");
    return l;
  }

  private static Node textBlock(String id, String text) {
    Node n;
    if (text.length() <= ANSWER_AREA_LIMIT) {
      TextArea area = new TextArea(text);
      area.setEditable(false);
      area.setWrapText(true);
      area.setPrefRowCount(Math.min(16, Math.max(2, (int) text.lines().count() + 1)));
      n = area;
    } else {
      n = StyledText.lines(BodyText.lines(text));
    }
    n.setId(id);
    VBox.setVgrow(n, Priority.ALWAYS);
    return n;
  }

  private void addEventColumns() {
    events
        .getColumns()
        .setAll(
            List.of(
                column("#", 50, e -> Integer.toString(e.index())),
                column("Offset ms", 80, e -> ms(e.offsetMs())),
                column("Gap ms", 70, e -> ms(e.gapMs())),
                column("Event", 110, StreamEvent::name),
                column("Data", 420, StreamEvent::preview)));
    events.getColumns().forEach(c -> c.setSortable(false));
  }

  private static String ms(Double v) {
    return v == null ? Formats.NOT_REPORTED : String.format(Locale.ROOT, "%.1f", v);
  }

  private static TableColumn<StreamEvent, String> column(
      String title, double width, Function<StreamEvent, String> text) {
    TableColumn<StreamEvent, String> c = new TableColumn<>(title);
    c.setPrefWidth(width);
    c.setCellValueFactory(d -> new ReadOnlyObjectWrapper<>(text.apply(d.getValue())));
    return c;
  }

  private static Tab tab(String title, Node content) {
    Tab t = new Tab(title, content);
    t.setId("inspector-" + title.toLowerCase(Locale.ROOT) + "-tab");
    return t;
  }

  private void copyBody(Side side) {
    copy(vm.bodyText(side), "the " + BodyPane.sideName(side) + " body");
  }

  private void copy(String text, String what) {
    ClipboardContent c = new ClipboardContent();
    c.putString(text);
    Clipboard.getSystemClipboard().setContent(c);
    vm.copied(what);
  }

  private void save(Side side) {
    if (!vm.hasBody(side)) {
      return;
    }
    FileChooser chooser = new FileChooser();
    chooser.setTitle("Save the " + BodyPane.sideName(side) + " body");
    chooser.setInitialFileName("exchange-" + vm.openId() + "-" + BodyPane.sideName(side) + ".txt");
    File file =
        chooser.showSaveDialog(root.getScene() == null ? null : root.getScene().getWindow());
    if (file != null) {
      vm.saveBody(side, file.toPath());
    }
  }
}
