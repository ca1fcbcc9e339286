package dev.tokentap.ui.activity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokentap.model.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import org.junit.jupiter.api.Test;

/** The activity table's items: positions whose rows follow the lines, the length lagging. */
class TableLinesTest {

  private final ObservableList<ActivityItem> source = FXCollections.observableArrayList();
  private final List<Runnable> later = new ArrayList<>();
  private final List<String> changes = new ArrayList<>();
  private boolean following = true;

  private TableLines lines(int initial) {
    for (int i = initial; i > 0; i--) {
      source.add(line(i));
    }
    TableLines t = new TableLines(source, () -> following, later::add);
    t.addListener(
        (ListChangeListener<ActivityItem>)
            c -> {
              while (c.next()) {
                changes.add(
                    (c.wasRemoved() ? "-" + c.getRemovedSize() : "")
                        + (c.wasAdded() ? "+" + c.getAddedSize() : "")
                        + "@"
                        + c.getFrom());
              }
            });
    return t;
  }

  @Test
  void whileFollowingALongTableNewLinesOnTopChangeThePositionsInPlace() {
    TableLines t = lines(TableLines.LAG_FROM);
    ActivityItem top = t.get(0);
    ActivityItem second = t.get(1);
    assertThat(ids(t, 3)).containsExactly(200L, 199L, 198L);

    source.addAll(0, List.of(line(202), line(201)));

    assertThat(changes).isEmpty(); // no change of length for the table to re-index for
    assertThat(t).hasSize(TableLines.LAG_FROM);
    assertThat(t.get(0)).isSameAs(top);
    assertThat(t.get(1)).isSameAs(second);
    assertThat(ids(t, 3)).containsExactly(202L, 201L, 200L);
    // a running line's row changes: the position showing it changes with it
    source.getFirst().setRow(row(202, Outcome.CLIENT_ABORTED));
    assertThat(top.row().outcome()).isEqualTo(Outcome.CLIENT_ABORTED);

    assertThat(later).hasSize(1); // the length catches up later, once
    source.addFirst(line(203));
    assertThat(later).hasSize(1);
    later.getFirst().run();
    assertThat(t).hasSize(TableLines.LAG_FROM + 3);
    assertThat(changes).containsExactly("+3@200");
    assertThat(t.get(TableLines.LAG_FROM + 2).row().id()).isEqualTo(1L);
  }

  @Test
  void aShortTableOrOneNotFollowingGetsTheChangesAsTheyAre() {
    TableLines t = lines(3);
    source.addFirst(line(4));
    assertThat(changes).containsExactly("+1@0");
    assertThat(ids(t, 4)).containsExactly(4L, 3L, 2L, 1L);

    changes.clear();
    source.clear();
    source.addAll(IntStream.rangeClosed(1, 300).mapToObj(i -> line(301 - i)).toList());
    following = false;
    changes.clear();
    source.addFirst(line(301));
    source.remove(5);
    assertThat(changes).containsExactly("+1@0", "-1@5");
    assertThat(t).hasSize(300);
    assertThat(ids(t, 2)).containsExactly(301L, 300L);
  }

  @Test
  void linesGoingAwayReachTheTableAtOnceAndALagIsMadeGoodFirst() {
    TableLines t = lines(TableLines.LAG_FROM);
    source.addFirst(line(201)); // lagging by one
    t.get(TableLines.LAG_FROM - 1);
    source.remove(0, 10); // a filter took lines away
    assertThat(t).hasSize(TableLines.LAG_FROM + 1 - 10);
    assertThat(changes).containsExactly("-200+191@0"); // shown afresh
    assertThat(t.get(0).row().id()).isEqualTo(191L);
    assertThat(t.get(t.size() - 1).row().id()).isEqualTo(1L);
  }

  @Test
  void whenTheTableStopsFollowingTheLengthCatchesUpAtOnce() {
    TableLines t = lines(TableLines.LAG_FROM);
    source.addFirst(line(201));
    assertThat(t).hasSize(TableLines.LAG_FROM);
    following = false;
    t.catchUp();
    assertThat(t).hasSize(TableLines.LAG_FROM + 1);
    assertThat(t.get(TableLines.LAG_FROM).row().id()).isEqualTo(1L);
  }

  private static List<Long> ids(TableLines t, int n) {
    return IntStream.range(0, n).mapToObj(i -> t.get(i).row().id()).toList();
  }

  private static ActivityItem line(long id) {
    return new ActivityItem(row(id, Outcome.OK));
  }

  private static ActivityRow row(long id, Outcome outcome) {
    return TestRows.row(id, "m", outcome);
  }
}
