package dev.tokentap.store;

import dev.tokentap.capture.Capture;
import dev.tokentap.model.EventTimes;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/**
 * The read API of {@link ExchangeStore}: each call one query on the store's shared read connection
 * (one call at a time), safe from any thread but the UI thread. A failed read is a {@link
 * StoreException} naming the file.
 */
public abstract sealed class ExchangeReads permits ExchangeStore {

  ExchangeReads() {}

  /** The database file read. */
  public abstract Path databaseFile();

  /** The queries on the file now (replaced when the file is made again). */
  abstract ExchangeQueries queries();

  /** The largest exchange id stored (0 when none): new ids must be above it. */
  public long maxId() {
    return read(queries()::maxId);
  }

  /** Count, time range, errors and per-model tokens and median generation speed. */
  public SessionSummary summary() {
    return read(queries()::summary);
  }

  /**
   * The dashboard's summary tiles over the exchanges {@code filter} takes: requests, errors, token
   * sums, cache hit rate, median and p90 generation speed, median time to first token, and how many
   * successful generating exchanges reported no usage. Read from the rollups when {@link
   * #readsRollups} (medians within {@code ±1%}); run it off the UI thread.
   */
  public RangeStats rangeStats(ExchangeFilter filter) {
    return read(() -> queries().rangeStats(filter));
  }

  /**
   * Usage per group ({@code tokentap stats}): requests, errors, token sums, cache hit rate, median
   * and p90 generation speed and time to first token, usage missing; one row per model, endpoint,
   * client, day or hour of {@code zone} (or one row for {@link UsageStats.By#ALL}). Read from the
   * rollups when {@link #readsRollups}, so its cost grows with the range, not the history.
   */
  public List<UsageStats> usage(ExchangeFilter filter, UsageStats.By by, ZoneId zone) {
    return read(() -> queries().usage(filter, by, zone));
  }

  /**
   * Whether the aggregate reads ({@link #rangeStats}, {@link #modelStats}, {@link #timeBuckets},
   * {@link #clientStats}) of {@code filter} come from the per-minute, 10-minute, hour and day
   * rollups, so their cost grows with the range's length only. False for a free-text filter (the
   * rollups do not keep the texts searched), and for a file older than the rollups opened
   * read-only: then every row the filter takes is read.
   */
  public boolean readsRollups(ExchangeFilter filter) {
    return read(() -> queries().readsRollups(filter));
  }

  /**
   * The exchanges {@code filter} takes in consecutive buckets of width {@code bucket}, aligned to
   * multiples of the width since the epoch (UTC: day buckets start at midnight UTC). Buckets
   * without exchanges are left out. Each bucket lists tokens for the {@code topModels} models with
   * most tokens (prompt + completion) over the whole range, then one {@link TimeBucket#OTHER}
   * series for the rest (when there is a rest). Read from rollups when the width and the zone's
   * offset are whole minutes, else from the rows of the range (a narrow bucket means a short
   * range); the number of buckets is what a chart draws, so pick the width with {@link
   * TimeBucket#widthFor}.
   *
   * @throws IllegalArgumentException when {@code bucket} is under 1 ms or {@code topModels} is
   *     negative
   */
  public List<TimeBucket> timeBuckets(ExchangeFilter filter, Duration bucket, int topModels) {
    return timeBuckets(filter, bucket, topModels, ZoneOffset.UTC);
  }

  /**
   * As {@link #timeBuckets(ExchangeFilter, Duration, int)}, with buckets aligned to the wall clock
   * of {@code zone} (day buckets start at its midnight; a daylight-saving change is not followed).
   */
  public List<TimeBucket> timeBuckets(
      ExchangeFilter filter, Duration bucket, int topModels, ZoneOffset zone) {
    return read(() -> queries().timeBuckets(filter, bucket, topModels, zone));
  }

  /**
   * Per model (exchanges without a model as one row, model null) over the exchanges {@code filter}
   * takes: requests, token sums, median generation speed and cache hit rate; most requests first.
   */
  public List<ModelStats> modelStats(ExchangeFilter filter) {
    return read(() -> queries().modelStats(filter));
  }

  /**
   * The newest {@code limit} exchanges {@code filter} takes, as chart points (time, model, tokens,
   * speeds), newest first.
   */
  public List<ExchangePoint> points(ExchangeFilter filter, int limit) {
    return read(() -> queries().points(filter, limit));
  }

  /**
   * Per client (user agent, IP address without the port, credential fingerprint): requests and
   * tokens since {@code todayStart}, since {@code monthStart} (both over the whole history,
   * whatever {@code range} says) and in {@code range}. Clients seen in none of the three are left
   * out; most tokens in the range first.
   */
  public List<ClientStats> clientStats(
      ExchangeFilter range, Instant todayStart, Instant monthStart) {
    return read(() -> queries().clientStats(range, todayStart, monthStart));
  }

  /** How many exchanges are stored. */
  public long count() {
    return read(queries()::count);
  }

  /** The newest {@code limit} exchanges, newest first (by {@code started_at}, then id). */
  public List<StoredExchange> recent(int limit) {
    return read(() -> queries().recent(limit));
  }

  /**
   * The page after a row: the {@code limit} exchanges just older than ({@code startedAt}, {@code
   * id}), newest first. Pass the last row of the previous page.
   */
  public List<StoredExchange> before(long startedAt, long id, int limit) {
    return read(() -> queries().before(startedAt, id, limit));
  }

  /**
   * One page of the exchanges {@code filter} takes, in {@code order}: {@code limit} rows from
   * position {@code offset}. For a scrolling table: with the count, any stretch of a long history
   * is one query away and nothing else is held in memory.
   */
  public List<StoredExchange> page(
      ExchangeFilter filter, ExchangeOrder order, long offset, int limit) {
    return read(() -> queries().page(filter, order, offset, limit));
  }

  /**
   * {@link #count(ExchangeFilter)} and the number of the last recorder batch it includes, from one
   * snapshot: a window that also hears of each batch ({@link RecorderSettings#onBatch}) can tell
   * which of them the count already holds.
   */
  public Snapshot<Long> countSnapshot(ExchangeFilter filter) {
    return read(() -> queries().inSnapshot(() -> queries().count(filter)));
  }

  /** {@link #page} and the number of the last recorder batch it includes, from one snapshot. */
  public Snapshot<List<StoredExchange>> pageSnapshot(
      ExchangeFilter filter, ExchangeOrder order, long offset, int limit) {
    return read(() -> queries().inSnapshot(() -> queries().page(filter, order, offset, limit)));
  }

  /** The model names in the history, sorted (for a filter's choices). */
  public List<String> modelNames() {
    return read(queries()::modelNames);
  }

  /** How many exchanges {@code filter} takes. */
  public long count(ExchangeFilter filter) {
    return read(() -> queries().count(filter));
  }

  /**
   * Hands each exchange {@code filter} takes to {@code visitor}, by increasing id, read with one
   * forward-only cursor (one snapshot; memory stays flat however many rows there are). Returns how
   * many were visited.
   *
   * @throws E what the visitor throws; reading stops there
   */
  public <E extends Exception> long forEach(ExchangeFilter filter, ExchangeVisitor<E> visitor)
      throws E {
    return read(() -> queries().forEach(filter, visitor));
  }

  /** Receives rows from {@link #forEach}. */
  @FunctionalInterface
  public interface ExchangeVisitor<E extends Exception> {
    void visit(StoredExchange exchange) throws E;
  }

  /**
   * The value of a key of the {@code meta} table ({@code app}, {@code schema_version}, {@code
   * session_format_version}, ...), or empty.
   */
  public Optional<String> meta(String key) {
    return read(() -> Optional.ofNullable(queries().meta(key)));
  }

  /**
   * Which of {@code ids} {@code filter}'s text finds inside their captured bodies, whatever their
   * columns; empty when the text is not looked for in bodies or the file has no search index.
   */
  public List<Long> bodyMatches(ExchangeFilter filter, List<Long> ids) {
    return read(() -> queries().bodyMatches(filter, ids));
  }

  /**
   * The turns whose prompt cache missed among the exchanges {@code filter} takes, and the prompt
   * tokens they processed again (a direct query over a partial index); run it off the UI thread.
   */
  public CacheMissStats cacheMisses(ExchangeFilter filter) {
    return read(() -> queries().cacheMisses(filter));
  }

  /** The turns of conversation {@code id}, in turn order (at most 10,000); empty for none. */
  public List<StoredExchange> conversation(String id) {
    return read(() -> queries().conversation(id));
  }

  /**
   * The newest turn of each conversation continued since {@code sinceMs} (epoch ms), at most {@code
   * limit} (the most recently continued), oldest first.
   */
  public List<StoredExchange> newestTurns(long sinceMs, int limit) {
    return read(() -> queries().newestTurns(sinceMs, limit));
  }

  /** One exchange by id. */
  public Optional<StoredExchange> exchange(long id) {
    return read(() -> queries().exchange(id));
  }

  /** One exchange's capture, bodies decompressed (they stay redacted); empty when none. */
  public Optional<Capture> capture(long id) {
    return read(() -> queries().capture(id));
  }

  /**
   * When each event of stream exchange {@code id} arrived; empty when it was not a stream or has
   * none kept (a HAR import, a file older than schema 3).
   *
   * @throws StoreException when they cannot be read or their bytes are damaged
   */
  public Optional<EventTimes> eventTimes(long id) {
    try {
      return read(() -> queries().eventTimes(id));
    } catch (IllegalArgumentException e) {
      throw new StoreException(
          "Cannot read the event times of exchange "
              + id
              + " in "
              + databaseFile()
              + ": "
              + e.getMessage(),
          e);
    }
  }

  private interface Query<T, E extends Exception> {
    T run() throws SQLException, E;
  }

  <T, E extends Exception> T read(Query<T, E> q) throws E {
    try {
      return q.run();
    } catch (SQLException e) {
      throw new StoreException(
          "Cannot read " + databaseFile() + ": " + StoreException.firstLine(e.getMessage()), e);
    }
  }
}
