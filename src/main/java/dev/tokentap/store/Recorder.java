package dev.tokentap.store;

import static java.util.concurrent.TimeUnit.MILLISECONDS;

import dev.tokentap.capture.CaptureRedactor;
import dev.tokentap.model.Exchange;
import dev.tokentap.model.TurnLinker;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Records exchanges in the background. {@link #offer} hands one over without ever blocking; a
 * single writer thread of the recorder's own redacts, compresses and stores them in batches, one
 * transaction each, and between batches prunes old history in bounded slices ({@link
 * RetentionRunner}). Made by {@link ExchangeStore#startRecorder}.
 *
 * <p>The recorder owns all of it: the queue (bounded by count and body bytes: beyond, an exchange
 * is dropped and counted; its client got its answer regardless), the {@link HeldExchanges} taken
 * from it and not yet stored, the connection, the retries and the counters.
 *
 * <p>When a batch cannot be written (disk full, an I/O error, the database locked, replaced or
 * deleted, the data dir gone) the recorder heals itself: it lets the connection go, keeps holding
 * the batch and all that arrives meanwhile (within the held bounds), and tries again on a fresh
 * connection after 0.1 s, 0.2 s, ... up to every {@link #MAX_RETRY}, until a write succeeds; the
 * held exchanges are then written in order, none twice. It says so once when it stops recording and
 * once when it records again ({@link RecorderStatus}, logged and given to {@code onStatus}), never
 * once per batch. An exchange the store refuses for itself (it cannot be redacted, or the schema
 * refuses its row) is skipped and counted as failed, so it cannot hold up the others.
 */
public final class Recorder implements AutoCloseable {

  /** The longest wait between two attempts while the store refuses writes. */
  static final Duration MAX_RETRY = Duration.ofSeconds(5);

  private static final long POLL_MS = 50;
  private static final long CLOSE_WAIT_MS = 60_000;

  /** While closing, how long a failing store is given before what is held is given up. */
  private static final long CLOSE_RETRY_NANOS = 5_000_000_000L;

  /** Where the writer's connections come from. */
  interface Connector {
    /** Opens a connection for the writer; called again after each failure. */
    Connection connect() throws SQLException;

    /**
     * False when the database file was deleted or replaced since the last connect: SQLite would go
     * on writing into the file it has open, which nobody will ever read.
     */
    boolean current();
  }

  private final RecorderSettings settings;
  private final Logger logger;
  private final Connector connector;
  private final CaptureRedactor redactor;
  private final TurnLinker linker;
  private final Path dbFile;
  private final ArrayBlockingQueue<Exchange> queue;
  private final AtomicLong queuedBytes = new AtomicLong();
  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong written = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final Object progress = new Object();
  private long processed; // guarded by progress
  private final Thread thread;
  private volatile boolean closed;
  private volatile int heldCount; // held.size(), for other threads

  // the writer thread's own
  private final HeldExchanges held;
  private ExchangeWriter writer; // null: not connected
  private RetentionRunner retention; // null: not connected, or nothing to prune
  private final RecorderHealth health;
  private long closingSinceNanos;
  private long droppedReported;

  Recorder(
      RecorderSettings settings,
      CaptureRedactor redactor,
      TurnLinker linker,
      Path dbFile,
      Connector connector) {
    this.settings = settings;
    this.logger = settings.logger();
    this.redactor = redactor;
    this.linker = linker;
    this.dbFile = dbFile;
    this.connector = connector;
    this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
    this.held = new HeldExchanges(settings.maxHeld(), settings.maxQueuedBodyBytes());
    this.health = new RecorderHealth(logger, settings.onStatus(), held);
    this.thread = new Thread(this::run, "tokentap-recorder");
    thread.setDaemon(true);
    thread.setUncaughtExceptionHandler(
        (t, e) -> logger.log(Level.ERROR, "Recorder thread died; recording stops", e));
  }

  /** Connects (so a store that cannot be written fails here, not later) and starts the thread. */
  Recorder start() throws SQLException {
    connect();
    thread.start();
    return this;
  }

  /**
   * Queues {@code exchange} for recording; never blocks.
   *
   * @return false when it was dropped (queue full, too many queued body bytes, or closed)
   */
  public boolean offer(Exchange exchange) {
    if (closed) {
      dropped.incrementAndGet();
      return false;
    }
    long bytes = HeldExchanges.bodyBytes(exchange);
    if (bytes > 0 && queuedBytes.addAndGet(bytes) > settings.maxQueuedBodyBytes()) {
      queuedBytes.addAndGet(-bytes);
      dropped.incrementAndGet();
      return false;
    }
    if (!queue.offer(exchange)) {
      queuedBytes.addAndGet(-bytes);
      dropped.incrementAndGet();
      return false;
    }
    accepted.incrementAndGet();
    return true;
  }

  /** Exchanges not recorded to stay within the queue's or the held bounds (or after close). */
  public long droppedCount() {
    return dropped.get();
  }

  /** Exchanges stored. */
  public long writtenCount() {
    return written.get();
  }

  /**
   * Exchanges that reached the writer and were not stored: the store refused them for themselves,
   * or they were still held when the recorder closed on a store that took no writes.
   */
  public long failedCount() {
    return failed.get();
  }

  /** Exchanges queued or held, waiting to be written. */
  public int queued() {
    return queue.size() + heldCount;
  }

  /** Whether the store takes writes now, and if not why and how much waits. */
  public RecorderStatus status() {
    return health.status();
  }

  /**
   * Waits until every exchange accepted before this call has been written, counted as failed or
   * dropped.
   *
   * @return false when {@code timeout} passed first (as it does while the store refuses writes)
   */
  public boolean flush(Duration timeout) throws InterruptedException {
    long target = accepted.get();
    long deadline = System.currentTimeMillis() + timeout.toMillis();
    synchronized (progress) {
      while (processed < target) {
        long left = deadline - System.currentTimeMillis();
        if (left <= 0) {
          return false;
        }
        progress.wait(left);
      }
      return true;
    }
  }

  /**
   * Stops taking exchanges, writes all queued and held ones (a store that refuses writes gets 5 s
   * more, then what is still held is counted as failed), stops the writer thread and closes its
   * connection. Idempotent.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      thread.join(CLOSE_WAIT_MS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (thread.isAlive()) {
      logger.log(Level.ERROR, "Recorder did not finish writing within 60 s");
      return;
    }
    List<Exchange> left = new ArrayList<>();
    queue.drainTo(left);
    if (!left.isEmpty()) {
      dropped.addAndGet(left.size());
      logger.log(Level.WARNING, left.size() + " exchanges arrived while closing");
    }
  }

  boolean isClosed() {
    return closed;
  }

  private void run() {
    try {
      while (true) {
        if (!health.failing() && retention != null && !closed) {
          retention.tick(System.nanoTime()); // bounded; batches waiting are written right after
        }
        takeArrivals(waitMs());
        if (held.isEmpty()) {
          if (closed && queue.isEmpty()) {
            reportDrops();
            return;
          }
        } else if (health.mayTry(System.nanoTime())) {
          writeBatch();
        } else if (closed && System.nanoTime() - closingSince() > CLOSE_RETRY_NANOS) {
          giveUp();
          return;
        }
        heldCount = held.size();
        reportDrops();
        health.publish();
      }
    } finally {
      disconnect();
    }
  }

  /** How long to wait for the queue: not at all while there is something to write. */
  private long waitMs() {
    if (health.failing() && !held.isEmpty()) {
      return Math.min(health.msUntilNextTry(System.nanoTime()), POLL_MS);
    }
    if (!held.isEmpty() || (retention != null && retention.busy())) {
      return 0;
    }
    return POLL_MS;
  }

  private void takeArrivals(long waitMs) {
    Exchange first;
    try {
      first = waitMs > 0 ? queue.poll(waitMs, MILLISECONDS) : queue.poll();
    } catch (InterruptedException e) {
      closed = true;
      first = queue.poll();
    }
    if (first == null) {
      return;
    }
    List<Exchange> arrived = new ArrayList<>();
    arrived.add(first);
    queue.drainTo(arrived);
    long droppedBefore = held.droppedRows();
    for (Exchange e : arrived) {
      queuedBytes.addAndGet(-HeldExchanges.bodyBytes(e));
      held.add(e);
    }
    long newlyDropped = held.droppedRows() - droppedBefore;
    if (newlyDropped > 0) {
      dropped.addAndGet(newlyDropped);
      processed(newlyDropped);
    }
  }

  private void writeBatch() {
    List<Exchange> batch = held.oldest(settings.maxBatch());
    ExchangeWriter.Result result;
    try {
      if (writer != null && !connector.current()) {
        logger.log(
            Level.WARNING, dbFile + " was deleted or replaced while recording; opening it again");
        disconnect();
      }
      if (writer == null) {
        connect();
      }
      result = writer.write(batch);
    } catch (SQLException | RuntimeException e) {
      disconnect(); // a fresh connection for the next attempt
      health.failed(e);
      return;
    }
    int waited = held.size();
    held.release(batch.size());
    written.addAndGet(result.written().size());
    failed.addAndGet(result.skipped());
    if (health.failing()) {
      health.healed(waited);
    }
    if (!result.written().isEmpty()) {
      try {
        settings.onBatch().accept(new StoredBatch(result.seq(), result.written()));
      } catch (RuntimeException e) {
        logger.log(Level.WARNING, "Batch listener failed", e);
      }
    }
    processed(batch.size());
  }

  private void connect() throws SQLException {
    Connection c = connector.connect();
    try {
      writer = new ExchangeWriter(c, redactor, linker, logger);
    } catch (SQLException | RuntimeException e) {
      Database.closeQuietly(c);
      throw e;
    }
    if (settings.retention().limitsAnything()) {
      Pruner pruner = new Pruner(c, dbFile, settings.retention(), System::currentTimeMillis);
      retention =
          new RetentionRunner(pruner, settings.pruneEvery().toNanos(), logger, System.nanoTime());
    }
  }

  private void disconnect() {
    if (writer != null) {
      writer.close();
      writer = null;
    }
    retention = null;
  }

  /** Closing on a store that still refuses writes: what is held is lost, and said so. */
  private void giveUp() {
    int n = held.size();
    failed.addAndGet(n);
    held.release(n);
    processed(n);
    logger.log(
        Level.ERROR,
        n
            + " exchanges were not recorded: "
            + health.problem()
            + " until TokenTap stopped; stored history is intact");
  }

  private long closingSince() {
    if (closingSinceNanos == 0) {
      closingSinceNanos = System.nanoTime();
    }
    return closingSinceNanos;
  }

  private void reportDrops() {
    long total = dropped.get();
    if (total > droppedReported) {
      logger.log(
          Level.WARNING,
          "Recorder queue full: "
              + (total - droppedReported)
              + " exchanges not recorded (total "
              + total
              + "); they reached their clients, only their history is missing");
      droppedReported = total;
    }
  }

  private void processed(long n) {
    synchronized (progress) {
      processed += n;
      progress.notifyAll();
    }
  }
}
