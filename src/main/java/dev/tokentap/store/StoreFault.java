package dev.tokentap.store;

import static dev.tokentap.store.Database.SQLITE_BUSY;
import static dev.tokentap.store.Database.SQLITE_CANTOPEN;
import static dev.tokentap.store.Database.SQLITE_CORRUPT;
import static dev.tokentap.store.Database.SQLITE_FULL;
import static dev.tokentap.store.Database.SQLITE_IOERR;
import static dev.tokentap.store.Database.SQLITE_LOCKED;
import static dev.tokentap.store.Database.SQLITE_NOTADB;
import static dev.tokentap.store.Database.SQLITE_READONLY;

import java.sql.SQLException;

/**
 * Why a write to the store failed, in the user's words, and what happens next: the recorder holds
 * what it could not write and tries again (see {@link Recorder}).
 *
 * @param problem a few words ("disk full")
 * @param hint what happens next, or what the user can do
 */
record StoreFault(String problem, String hint) {

  private static final String RETRIED = "retried every few seconds";

  static StoreFault of(Throwable e) {
    if (e instanceof SQLException sql) {
      String detail = StoreException.firstLine(sql.getMessage());
      return switch (sql.getErrorCode() & 0xff) {
        case SQLITE_FULL -> new StoreFault("disk full", "freed space is picked up by itself");
        case SQLITE_BUSY, SQLITE_LOCKED ->
            new StoreFault(
                "the database is locked by another program",
                "recording goes on as soon as it lets go");
        case SQLITE_READONLY ->
            new StoreFault("the database is read-only", RETRIED + "; check its permissions");
        case SQLITE_IOERR -> new StoreFault("disk I/O error (" + detail + ")", RETRIED);
        case SQLITE_CORRUPT, SQLITE_NOTADB ->
            new StoreFault(
                "the database file is damaged or was replaced",
                RETRIED + "; move the file away and a new one is made");
        case SQLITE_CANTOPEN ->
            new StoreFault("the database cannot be opened", RETRIED + "; check the data dir");
        default -> new StoreFault("write failed (" + detail + ")", RETRIED);
      };
    }
    if (e instanceof DataDirInUseException) {
      return new StoreFault("the data dir was taken by another TokenTap", RETRIED);
    }
    if (e instanceof StoreException s) {
      return new StoreFault(trimDot(s.getMessage()), RETRIED);
    }
    return new StoreFault("write failed (" + StoreException.reason(e) + ")", RETRIED);
  }

  private static String trimDot(String s) {
    if (s == null) {
      return "write failed";
    }
    String t = StoreException.firstLine(s);
    return t.endsWith(".") ? t.substring(0, t.length() - 1) : t;
  }
}
