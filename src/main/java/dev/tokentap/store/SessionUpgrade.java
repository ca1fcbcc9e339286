package dev.tokentap.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;

/**
 * Brings a session file of an older schema up to this build's, never in place: the file is copied
 * into a work dir and the copy is taken through the same numbered {@link Migrations} steps as a
 * data dir, one after the other (the upgrader chain), then its session format version is raised to
 * this build's: format 1 (schema 1 or 2) becomes format 2 (schema 3) by gaining an empty {@code
 * event_times} table, since older TokenTaps did not keep event times. A session file of this build
 * opens as it is.
 */
final class SessionUpgrade {

  private static final int SQLITE_OPEN_READONLY = 0x01;

  private SessionUpgrade() {}

  /** The schema version ({@code PRAGMA user_version}) of {@code file}, read without writing. */
  static int version(Path file) throws SQLException {
    Properties readOnly = new Properties();
    readOnly.setProperty("open_mode", Integer.toString(SQLITE_OPEN_READONLY));
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file, readOnly)) {
      return Migrations.userVersion(c);
    }
  }

  /**
   * The file to open for {@code file}: itself when its schema is current (or unknown: opening then
   * says what is wrong), else an upgraded copy in {@code workDir}.
   */
  static Path upgraded(Path file, Path workDir) {
    int version;
    try {
      version = version(file);
    } catch (SQLException e) {
      return file; // openReadOnly explains
    }
    if (version <= 0 || version >= Migrations.LATEST) {
      return file;
    }
    return upgradeCopy(file, workDir.resolve("upgraded.tokentap"), Migrations.ALL);
  }

  /**
   * Format 1 to 2 is the {@code event_times} table, which the schema steps have just added: only
   * the version in {@code meta} is left to say so. A file without one (a data dir's database) gets
   * none; a newer one is left alone (opening it then says so).
   */
  private static void raiseFormatVersion(Connection c) throws SQLException {
    String version = Migrations.meta(c, SessionFileWriter.FORMAT_KEY);
    if (version == null) {
      return;
    }
    int v;
    try {
      v = Integer.parseInt(version);
    } catch (NumberFormatException e) {
      return;
    }
    if (v >= 1 && v < SessionFileWriter.FORMAT_VERSION) {
      Migrations.putMeta(
          c, SessionFileWriter.FORMAT_KEY, Integer.toString(SessionFileWriter.FORMAT_VERSION));
    }
  }

  /** Copies {@code file} to {@code copy} and applies the steps of {@code chain} it lacks. */
  static Path upgradeCopy(Path file, Path copy, List<Migrations.Migration> chain) {
    try {
      Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
      try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + copy)) {
        try (Statement s = c.createStatement()) {
          s.execute("PRAGMA journal_mode = MEMORY");
          s.execute("PRAGMA temp_store = MEMORY");
        }
        Migrations.migrate(c, Migrations.userVersion(c), chain);
        raiseFormatVersion(c);
      }
      return copy;
    } catch (IOException | SQLException e) {
      throw new StoreException(
          "Cannot upgrade a copy of "
              + file
              + ": "
              + StoreException.firstLine(String.valueOf(e.getMessage())),
          e);
    }
  }
}
