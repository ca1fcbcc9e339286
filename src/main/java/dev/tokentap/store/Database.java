package dev.tokentap.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Properties;
import java.util.function.Consumer;

/**
 * Opens {@code tokentap.db}: connection settings, the checks that it is a TokenTap database of a
 * version this build understands, and the migrations. Every failure becomes a {@link
 * StoreException} with one line saying what is wrong and what to do.
 */
final class Database {

  static final String FILE_NAME = "tokentap.db";

  // SQLite primary result codes (the store's one list of them)
  static final int SQLITE_BUSY = 5;
  static final int SQLITE_LOCKED = 6;
  static final int SQLITE_READONLY = 8;
  static final int SQLITE_IOERR = 10;
  static final int SQLITE_CORRUPT = 11;
  static final int SQLITE_FULL = 13;
  static final int SQLITE_CANTOPEN = 14;
  static final int SQLITE_TOOBIG = 18;
  static final int SQLITE_CONSTRAINT = 19;
  static final int SQLITE_MISMATCH = 20;
  static final int SQLITE_RANGE = 25;
  static final int SQLITE_NOTADB = 26;

  private static final int SQLITE_OPEN_READONLY = 0x01;

  private Database() {}

  /**
   * A connection with TokenTap's settings: WAL, {@code synchronous=NORMAL}, temp data in memory
   * only (no temp files with clear data), foreign keys on, and a busy timeout. The driver does not
   * look up generated keys: otherwise it runs {@code SELECT last_insert_rowid()} (a statement
   * prepared, stepped and closed) after every insert, a quarter of the recorder's time in SQLite,
   * and nothing here calls {@code getGeneratedKeys}.
   */
  static Connection connect(Path dbFile) throws SQLException {
    Properties props = new Properties();
    props.setProperty("jdbc.get_generated_keys", "false");
    Connection c = DriverManager.getConnection("jdbc:sqlite:" + dbFile, props);
    try (Statement s = c.createStatement()) {
      s.execute("PRAGMA busy_timeout = 5000");
      s.execute("PRAGMA journal_mode = WAL");
      s.execute("PRAGMA synchronous = NORMAL");
      s.execute("PRAGMA temp_store = MEMORY");
      s.execute("PRAGMA foreign_keys = ON");
    } catch (SQLException | RuntimeException e) {
      c.close();
      throw e;
    }
    return c;
  }

  /**
   * Opens (creating or migrating it when needed) the database in {@code dataDir} and returns a
   * connection to it plus the data dir's fingerprint salt. A long migration tells {@code progress}
   * how far it is.
   */
  static Opened open(Path dataDir, Consumer<String> progress) {
    Path dbFile = dataDir.resolve(FILE_NAME);
    if (Files.exists(dbFile) && !Files.isRegularFile(dbFile)) {
      throw new StoreException(
          dbFile + " is not a regular file: move it away or choose another data dir.");
    }
    if (Files.exists(dbFile) && !Files.isReadable(dbFile)) {
      throw new StoreException(
          "Cannot read " + dbFile + ": fix its permissions or choose another data dir.");
    }
    try {
      // SQLite would create it with the umask's mode (often 0644), and its -wal and -shm files
      // take the database's mode: created 0600 first, all three are private (an existing one
      // was made private by ExchangeStore.open)
      if (!Files.exists(dbFile)) {
        PrivateFiles.file(dbFile);
      }
    } catch (IOException e) {
      throw new StoreException(
          "Cannot create "
              + dbFile
              + " ("
              + StoreException.reason(e)
              + "): choose another data dir.",
          e);
    }
    Connection c = null;
    try {
      c = connect(dbFile);
      int version = Migrations.userVersion(c);
      if (version > Migrations.LATEST) {
        throw new StoreException(
            dbFile
                + " was written by a newer TokenTap (schema "
                + version
                + ", this one knows up to "
                + Migrations.LATEST
                + "): upgrade TokenTap or choose another data dir.");
      }
      if (version == 0 && hasTables(c)) {
        throw notTokenTap(dbFile);
      }
      if (version > 0 && !isTokenTap(c)) {
        throw notTokenTap(dbFile);
      }
      Migrations.migrate(c, version, progress);
      String salt = Migrations.meta(c, "fingerprint_salt");
      if (salt == null) {
        throw notTokenTap(dbFile);
      }
      return new Opened(c, HexFormat.of().parseHex(salt));
    } catch (SQLException e) {
      closeQuietly(c);
      throw failure(dbFile, e);
    } catch (RuntimeException e) {
      closeQuietly(c);
      throw e instanceof StoreException se
          ? se
          : new StoreException("Cannot open " + dbFile + ": " + StoreException.reason(e), e);
    }
  }

  /**
   * Opens an existing TokenTap database (a data dir's {@code tokentap.db} or a session file) for
   * reading only: no lock, no migration, no write of any kind, so it works beside a running
   * TokenTap (WAL lets a reader see committed rows while the recorder writes).
   */
  static Opened openReadOnly(Path dbFile) {
    if (!Files.exists(dbFile)) {
      throw new StoreException("No such file: " + dbFile + ".");
    }
    if (!Files.isRegularFile(dbFile)) {
      throw new StoreException(dbFile + " is not a regular file.");
    }
    if (!Files.isReadable(dbFile)) {
      throw new StoreException("Cannot read " + dbFile + ": fix its permissions.");
    }
    Connection c = null;
    try {
      Properties readOnly = new Properties();
      readOnly.setProperty("open_mode", Integer.toString(SQLITE_OPEN_READONLY));
      c = DriverManager.getConnection("jdbc:sqlite:" + dbFile, readOnly);
      try (Statement s = c.createStatement()) {
        s.execute("PRAGMA busy_timeout = 5000");
        s.execute("PRAGMA query_only = 1");
        s.execute("PRAGMA temp_store = MEMORY");
      }
      int version = Migrations.userVersion(c);
      if (version == 0 || !isTokenTap(c)) {
        throw new StoreException(dbFile + " is not a TokenTap database or session file.");
      }
      if (version > Migrations.LATEST) {
        throw new StoreException(
            dbFile
                + " was written by a newer TokenTap (schema "
                + version
                + ", this one knows up to "
                + Migrations.LATEST
                + "): upgrade TokenTap.");
      }
      if (version < Migrations.OLDEST_READABLE) {
        throw new StoreException(
            dbFile
                + " has an older schema ("
                + version
                + "): open it once with this TokenTap to upgrade it.");
      }
      String salt = Migrations.meta(c, "fingerprint_salt");
      return new Opened(c, salt == null ? new byte[0] : HexFormat.of().parseHex(salt));
    } catch (SQLException e) {
      closeQuietly(c);
      StoreException failure = failure(dbFile, e);
      int code = e.getErrorCode() & 0xff;
      throw code == SQLITE_NOTADB || code == SQLITE_CORRUPT
          ? new StoreException(
              dbFile + " is not a TokenTap database or session file (not SQLite, or damaged).", e)
          : failure;
    } catch (RuntimeException e) {
      closeQuietly(c);
      throw e instanceof StoreException se
          ? se
          : new StoreException("Cannot open " + dbFile + ": " + StoreException.reason(e), e);
    }
  }

  /** An open database. */
  record Opened(Connection connection, byte[] salt) {}

  private static boolean hasTables(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM sqlite_master")) {
      return rs.next() && rs.getInt(1) > 0;
    }
  }

  private static boolean isTokenTap(Connection c) {
    try {
      return Migrations.APP.equals(Migrations.meta(c, "app"));
    } catch (SQLException e) {
      return false; // no meta table
    }
  }

  private static StoreException notTokenTap(Path dbFile) {
    return new StoreException(
        dbFile
            + " is a SQLite database but not a TokenTap one: move it away or choose another data"
            + " dir.");
  }

  /** A one-line explanation of why opening {@code dbFile} failed. */
  static StoreException failure(Path dbFile, SQLException e) {
    String detail = StoreException.firstLine(e.getMessage());
    String message =
        switch (e.getErrorCode() & 0xff) {
          case SQLITE_NOTADB, SQLITE_CORRUPT ->
              dbFile
                  + " is not a SQLite database or is damaged: move it away (a new one is then"
                  + " created) or choose another data dir.";
          case SQLITE_CANTOPEN ->
              "Cannot open "
                  + dbFile
                  + ": check that the data dir is readable and writable, or choose another one.";
          case SQLITE_READONLY ->
              dbFile + " is read-only: fix its permissions or choose another data dir.";
          case SQLITE_BUSY ->
              dbFile + " is locked by another program: close it (sqlite3?) and start again.";
          case SQLITE_FULL ->
              "The disk holding " + dbFile + " is full: free some space and start again.";
          case SQLITE_IOERR ->
              "Cannot read or write " + dbFile + " (" + detail + "): check the disk.";
          default -> "Cannot open " + dbFile + ": " + detail;
        };
    return new StoreException(message, e);
  }

  static void closeQuietly(Connection c) {
    if (c != null) {
      try {
        c.close();
      } catch (SQLException e) {
        // nothing left to do
      }
    }
  }
}
