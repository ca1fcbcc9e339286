package dev.tokentap.store;

import dev.tokentap.capture.CaptureRedactor;
import dev.tokentap.capture.CredentialFingerprint;
import dev.tokentap.model.TurnLinker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * TokenTap's history in a data dir ({@code tokentap.db}, locked against a second TokenTap): opens
 * it, starts the {@link Recorder} that writes it, and answers the queries the UI and exports need.
 *
 * <pre>{@code
 * try (ExchangeStore store = ExchangeStore.open(dataDir)) {
 *   long nextId = store.maxId() + 1;
 *   Recorder recorder = store.startRecorder(RecorderSettings.defaults());
 *   ... forwarder calls recorder.offer(exchange) ...
 * } // closes the recorder (drains its queue), the database and the lock
 * }</pre>
 *
 * <p>Read methods are safe from any thread (they share one connection, one call at a time) and must
 * not run on the UI thread.
 */
public final class ExchangeStore extends ExchangeReads implements AutoCloseable {

  /** The database file's name in the data dir. */
  public static final String DATABASE_FILE = Database.FILE_NAME;

  private final Path dataDir;
  private final Path databaseFile;
  private final boolean readOnly;
  private final byte[] salt;
  private final String privacyNote;
  private volatile ExchangeQueries queries; // replaced when the database file is made again
  private DataDirLock lock; // guarded by this; null when read-only
  private Object fileKey; // guarded by this: which file was opened (null when unknown)
  private Recorder recorder; // guarded by this
  private boolean closed; // guarded by this

  private ExchangeStore(
      Path dataDir, Path databaseFile, DataDirLock lock, Database.Opened db, String privacyNote) {
    this.dataDir = dataDir;
    this.databaseFile = databaseFile;
    this.readOnly = lock == null;
    this.lock = lock;
    this.queries = new ExchangeQueries(db.connection());
    this.salt = db.salt();
    this.privacyNote = privacyNote;
    this.fileKey = fileKey(databaseFile);
  }

  /**
   * Opens the store in {@code dataDir}, creating the dir and the database when missing and
   * migrating an older schema. The dir and TokenTap's files in it are made private ({@link
   * PrivateFiles}): {@link #privacyNote()} says so when they were not.
   *
   * @throws DataDirInUseException when another TokenTap has it open
   * @throws StoreException when it cannot be opened (message: one line, what to do)
   */
  public static ExchangeStore open(Path dataDir) {
    return open(dataDir, line -> {});
  }

  /**
   * As {@link #open(Path)}; a long migration (summing up a large history once) tells {@code
   * progress} how far it is, a line now and then.
   */
  public static ExchangeStore open(Path dataDir, Consumer<String> progress) {
    Path dir = dataDir.toAbsolutePath().normalize();
    String dirNote = PrivateDataDir.prepare(dir);
    DataDirLock lock = DataDirLock.acquire(dir);
    try {
      String note = PrivateDataDir.tightenFiles(dir, dirNote);
      return new ExchangeStore(
          dir, dir.resolve(DATABASE_FILE), lock, Database.open(dir, progress), note);
    } catch (RuntimeException e) {
      lock.close();
      throw e;
    }
  }

  /**
   * One line for the user when the data dir was open to other users (or could not be closed to
   * them), or null. Opening changed it; this says what was done, once, at start.
   */
  public String privacyNote() {
    return privacyNote;
  }

  /**
   * Opens an existing TokenTap database file (a data dir's {@code tokentap.db} or a session file)
   * for reading only. Takes no lock and writes nothing, so it works while a TokenTap records into
   * the same file; {@link #startRecorder} is refused.
   *
   * @throws StoreException when the file is missing, unreadable, or not a TokenTap database of this
   *     schema version (message: one line)
   */
  public static ExchangeStore openReadOnly(Path dbFile) {
    Path file = dbFile.toAbsolutePath().normalize();
    return new ExchangeStore(file.getParent(), file, null, Database.openReadOnly(file), null);
  }

  public Path dataDir() {
    return dataDir;
  }

  @Override
  public Path databaseFile() {
    return databaseFile;
  }

  /** True when opened with {@link #openReadOnly}. */
  public boolean isReadOnly() {
    return readOnly;
  }

  /**
   * Starts the single writer thread. One recorder at a time; {@link #close()} closes it.
   *
   * @throws IllegalStateException when one is already running or the store is closed
   */
  public Recorder startRecorder(RecorderSettings settings) {
    return startRecorder(settings, TurnLinker.NONE, c -> {});
  }

  /**
   * Starts the writer thread with {@code linker} deciding each exchange's conversation and turn (on
   * the writer thread, from the redacted texts).
   */
  public Recorder startRecorderLinking(RecorderSettings settings, TurnLinker linker) {
    return startRecorder(settings, linker, c -> {});
  }

  /** Test hook: as {@link #startRecorder(RecorderSettings, TurnLinker, WriterSetup)}, no linker. */
  Recorder startRecorder(RecorderSettings settings, WriterSetup onConnect) {
    return startRecorder(settings, TurnLinker.NONE, onConnect);
  }

  /**
   * Test hook: {@code onConnect} tunes each connection the writer opens (the first, and each one
   * after a failure) before it writes.
   */
  synchronized Recorder startRecorder(
      RecorderSettings settings, TurnLinker linker, WriterSetup onConnect) {
    if (closed) {
      throw new IllegalStateException("store is closed");
    }
    if (readOnly) {
      throw new IllegalStateException("store is open read-only");
    }
    if (recorder != null && !recorder.isClosed()) {
      throw new IllegalStateException("a recorder is already running on this store");
    }
    CaptureRedactor redactor =
        new CaptureRedactor(settings.capture(), new CredentialFingerprint(salt));
    Recorder.Connector connector =
        new Recorder.Connector() {
          @Override
          public Connection connect() throws SQLException {
            return connectWriter(onConnect);
          }

          @Override
          public boolean current() {
            return isCurrent(fileKey(databaseFile));
          }
        };
    Recorder r = new Recorder(settings, redactor, linker, databaseFile, connector);
    try {
      recorder = r.start();
      return recorder;
    } catch (SQLException e) {
      throw Database.failure(databaseFile, e);
    }
  }

  /** A connection for the recorder's writer, after making the database again if it went away. */
  private Connection connectWriter(WriterSetup onConnect) throws SQLException {
    makeAgainIfGone();
    Connection c = Database.connect(databaseFile);
    try {
      try (Statement s = c.createStatement()) {
        // each commit reaches the disk before the next batch: a power cut then loses only what
        // was still queued (with NORMAL, all commits since the last WAL checkpoint could go)
        s.execute("PRAGMA synchronous = FULL");
      }
      onConnect.setUp(c);
    } catch (SQLException | RuntimeException e) {
      Database.closeQuietly(c);
      throw e;
    }
    return c;
  }

  /**
   * When the data dir or the database file was deleted or replaced since it was opened (by an
   * outside program, or a user cleaning up), opens it again as {@link #open} does: the dir and a
   * new database are created, a replacement is checked and migrated, the lock is taken again, and
   * the read side moves to the file the recorder now writes.
   *
   * @throws StoreException when that fails (a replacement that is not a TokenTap database, say)
   */
  private synchronized void makeAgainIfGone() throws SQLException {
    Object now = fileKey(databaseFile);
    if (isCurrent(now)) {
      return;
    }
    if (closed) {
      throw new StoreException("store is closed");
    }
    PrivateDataDir.prepare(dataDir); // made again 0700 when it was deleted
    if (!Files.exists(dataDir.resolve(DataDirLock.FILE_NAME))) {
      lock.close();
      lock = DataDirLock.acquire(dataDir);
    }
    boolean created = now == null;
    Database.Opened db = Database.open(dataDir, line -> {});
    if (created) {
      // fingerprints stay comparable with those written before
      Migrations.putMeta(db.connection(), "fingerprint_salt", HexFormat.of().formatHex(salt));
    }
    ExchangeQueries before = queries;
    queries = new ExchangeQueries(db.connection());
    before.close();
    fileKey = fileKey(databaseFile);
  }

  /** Whether the database file (as {@code key}) and the lock file are those opened. */
  private synchronized boolean isCurrent(Object key) {
    return key != null
        && key.equals(fileKey)
        && Files.exists(dataDir.resolve(DataDirLock.FILE_NAME));
  }

  private static Object fileKey(Path file) {
    try {
      BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
      return a.fileKey() != null ? a.fileKey() : a.creationTime();
    } catch (IOException e) {
      return null;
    }
  }

  /** Tunes the writer connection (tests). */
  @FunctionalInterface
  interface WriterSetup {
    void setUp(Connection c) throws SQLException;
  }

  /**
   * Opens a session file for reading, as {@link #openReadOnly}; a file of an older schema is first
   * upgraded in a copy inside {@code workDir} (never in place), step by step.
   */
  public static ExchangeStore openSession(Path file, Path workDir) {
    return openReadOnly(SessionUpgrade.upgraded(file.toAbsolutePath().normalize(), workDir));
  }

  /** The {@code meta} key a session file carries its format version in. */
  public static final String SESSION_FORMAT_KEY = SessionFileWriter.FORMAT_KEY;

  /** The session file format version this build writes. */
  public static final int SESSION_FORMAT_VERSION = SessionFileWriter.FORMAT_VERSION;

  /**
   * Whether this build reads a session file whose {@link #SESSION_FORMAT_KEY} is {@code version}:
   * this format or an older one (read as it is, or upgraded by {@link #openSession}).
   */
  public static boolean readsSessionFormat(String version) {
    try {
      int v = Integer.parseInt(version);
      return v >= 1 && v <= SESSION_FORMAT_VERSION;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /**
   * Writes the exchanges {@code filter} takes, with their captures as stored and their event times,
   * into the session file {@code target} (which must be new or empty): same schema as this store,
   * plus {@link #SESSION_FORMAT_KEY} in {@code meta}. {@code progress} gets the running count.
   * Returns how many were written.
   */
  public long writeSession(Path target, ExchangeFilter filter, LongConsumer progress) {
    return writeSession(target, filter, true, progress);
  }

  /** As {@link #writeSession(Path, ExchangeFilter, LongConsumer)}; bodies left out unless asked. */
  public long writeSession(
      Path target, ExchangeFilter filter, boolean withBodies, LongConsumer progress) {
    try {
      return SessionFileWriter.write(databaseFile, target, filter, withBodies, progress);
    } catch (SQLException e) {
      throw new StoreException(
          "Cannot write the session file "
              + target
              + ": "
              + StoreException.firstLine(e.getMessage()),
          e);
    }
  }

  /**
   * Deletes what {@code policy} does not keep, gives the space back to the OS (incremental vacuum)
   * and truncates the WAL, on a connection of its own, in small transactions (a recorder or an
   * export may run meanwhile). Returns what was removed.
   *
   * @throws IllegalStateException when the store is open read-only or closed
   */
  public PruneResult prune(RetentionPolicy policy) {
    return prune(policy, System.currentTimeMillis());
  }

  /** {@link #prune(RetentionPolicy)} with the clock given (tests). */
  PruneResult prune(RetentionPolicy policy, long nowMillis) {
    synchronized (this) {
      if (closed) {
        throw new IllegalStateException("store is closed");
      }
      if (lock == null) {
        throw new IllegalStateException("store is open read-only");
      }
    }
    Connection c = null;
    try {
      c = Database.connect(databaseFile);
      return new Pruner(c, databaseFile, policy, () -> nowMillis).pruneAll();
    } catch (SQLException e) {
      throw new StoreException(
          "Cannot prune " + databaseFile + ": " + StoreException.firstLine(e.getMessage()), e);
    } finally {
      Database.closeQuietly(c);
    }
  }

  @Override
  ExchangeQueries queries() {
    return queries;
  }

  /** Closes the recorder (writing what it has queued), the database and the data dir lock. */
  @Override
  public void close() {
    Recorder r;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      r = recorder;
    }
    if (r != null) {
      r.close();
    }
    queries.close();
    synchronized (this) {
      if (lock != null) {
        lock.close();
      }
    }
  }
}
