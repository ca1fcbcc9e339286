package dev.tokentap.ui.activity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokentap.model.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Stored batches placed among the held lines, on top or below newer lines (a stream stored after
 * exchanges that started later), against the store's own order: every line the table shows is the
 * row the store has at that place, read or placed, however many batches came.
 */
class ActivityRowsPlacementTest {

  @Property(tries = 300)
  void placedBatchesShowWhatTheStoreHolds(
      @ForAll long seed,
      @ForAll @IntRange(min = 0, max = 400) int stored,
      @ForAll @IntRange(min = 0, max = 60) int longestStreamSeconds) {
    Random random = new Random(seed);
    List<ActivityRow> store = new ArrayList<>(); // what SQLite holds, newest first
    for (int id = 1; id <= stored; id++) {
      store.add(TestRows.row(id, "tiny", Outcome.OK));
    }
    store.sort(ActivityViewModel.NEWEST_FIRST);
    List<ActivityRows.PageRequest> asked = new ArrayList<>();
    ActivityRows rows = new ActivityRows(asked::add);
    rows.resetStored(store.size(), 0);
    long seq = 0;
    long nextId = stored + 1;
    for (int batch = 0; batch < 40; batch++) {
      // the user looks at some lines: those are read and held
      int from = random.nextInt(Math.max(1, store.size()));
      for (int i = from; i < Math.min(store.size(), from + 30); i++) {
        rows.get(i);
      }
      for (int i = 0; i < Math.min(store.size(), 25); i++) {
        rows.get(i);
      }
      answer(asked, rows, store, seq);
      // a batch: exchanges that ended now, some started a while ago
      List<ActivityRow> added = new ArrayList<>();
      for (int k = random.nextInt(4) + 1; k > 0; k--, nextId++) {
        long lateBy = random.nextInt(4) == 0 ? random.nextInt(longestStreamSeconds + 1) : 0;
        added.add(TestRows.row(nextId, (nextId - lateBy) * 1000 - 1, "tiny", Outcome.OK));
      }
      store.addAll(added);
      store.sort(ActivityViewModel.NEWEST_FIRST);
      seq++;
      if (!rows.placeBatch(seq, added, ActivityViewModel.NEWEST_FIRST)) {
        rows.resetStored(store.size(), seq); // as the view model does: read the table again
        asked.clear();
      }
      assertThat(rows.storedCount()).isEqualTo(store.size());
      // the lines held (read or placed) are where the store has them; the others are not asked for
      // here, so that later batches meet lines not held, as they do in a long history
      for (int n = 0; n < 40 && !store.isEmpty(); n++) {
        int i = n < Math.min(10, store.size()) ? n : random.nextInt(store.size());
        assertThat(rows.indexOfLoaded(store.get(i).id())).as("line %d", i).isIn(-1, i);
      }
    }
    // and once read, every line is the store's
    for (int i = 0; i < store.size(); i++) {
      rows.get(i);
    }
    answer(asked, rows, store, seq);
    for (int i = 0; i < store.size(); i++) {
      assertThat(rows.get(i).row().id()).as("line %d", i).isEqualTo(store.get(i).id());
    }
  }

  /** The store answers every read asked for, as of batch {@code seq}. */
  private static void answer(
      List<ActivityRows.PageRequest> asked, ActivityRows rows, List<ActivityRow> store, long seq) {
    while (!asked.isEmpty()) {
      ActivityRows.PageRequest r = asked.removeFirst();
      int to = (int) Math.min(store.size(), r.offset() + r.limit());
      rows.pageLoaded(r, List.copyOf(store.subList((int) r.offset(), to)), seq);
    }
  }
}
