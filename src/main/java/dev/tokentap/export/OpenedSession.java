package dev.tokentap.export;

import dev.tokentap.store.ExchangeStore;
import dev.tokentap.store.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A file opened for reading like a session: a TokenTap session file (or database), opened read only
 * and upgraded in a temporary copy when its schema is older, or a HAR file, imported into a
 * temporary TokenTap database ({@link HarImport}). The temporary dir ({@code rwx------}) is deleted
 * on {@link #close()}, or when the JVM exits before that.
 */
public final class OpenedSession implements AutoCloseable {

  /** What kind of file it was. */
  public enum Format {
    SESSION,
    HAR
  }

  private static final byte[] SQLITE_MAGIC =
      "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

  private final Path file;
  private final Format format;
  private final String detail;
  private final ExchangeStore store;
  private final Path tempDir;
  private final Thread cleanup;

  private OpenedSession(
      Path file, Format format, String detail, ExchangeStore store, Path tempDir) {
    this.file = file;
    this.format = format;
    this.detail = detail;
    this.store = store;
    this.tempDir = tempDir;
    this.cleanup = new Thread(() -> deleteTree(tempDir), "tokentap-open-cleanup");
    Runtime.getRuntime().addShutdownHook(cleanup);
  }

  /**
   * Opens {@code file}, telling a session file from a HAR file by its first bytes.
   *
   * @throws ExportException with one line when it is neither, or cannot be read
   */
  public static OpenedSession open(Path file) {
    Format format = sniff(file);
    Path temp = createTempDir();
    try {
      if (format == Format.SESSION) {
        ExchangeStore store = openSession(file, temp);
        String version = store.meta(ExchangeStore.SESSION_FORMAT_KEY).orElse(null);
        return new OpenedSession(
            file,
            format,
            version == null ? "TokenTap database" : "TokenTap session, format " + version,
            store,
            temp);
      }
      Path db = temp.resolve("har");
      HarReader.Result r = new HarImport().importInto(file, db);
      ExchangeStore store = ExchangeStore.openReadOnly(db.resolve(ExchangeStore.DATABASE_FILE));
      String creator = r.creator() == null ? "unknown creator" : "from " + r.creator();
      return new OpenedSession(file, format, "HAR, " + creator, store, temp);
    } catch (StoreException e) {
      deleteTree(temp);
      throw new ExportException(e.getMessage(), e);
    } catch (RuntimeException e) {
      deleteTree(temp);
      throw e;
    }
  }

  private static ExchangeStore openSession(Path file, Path temp) {
    ExchangeStore store = ExchangeStore.openSession(file, temp);
    String version = store.meta(ExchangeStore.SESSION_FORMAT_KEY).orElse(null);
    if (version != null && !ExchangeStore.readsSessionFormat(version)) {
      store.close();
      throw new ExportException(
          file
              + " is a session file of format "
              + version
              + ", this TokenTap reads formats up to "
              + ExchangeStore.SESSION_FORMAT_VERSION
              + ": upgrade TokenTap.");
    }
    return store;
  }

  /** {@link Format#HAR} when {@code file} starts (after blanks) with '{', SESSION for SQLite. */
  public static Format sniff(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new ExportException("No such file: " + file + ".");
    }
    byte[] head;
    try (InputStream in = Files.newInputStream(file)) {
      head = in.readNBytes(4096);
    } catch (IOException e) {
      throw new ExportException("Cannot read " + file + ": " + ExportJob.reason(e) + ".", e);
    }
    if (head.length >= SQLITE_MAGIC.length
        && Arrays.equals(Arrays.copyOf(head, SQLITE_MAGIC.length), SQLITE_MAGIC)) {
      return Format.SESSION;
    }
    int i = 0;
    if (head.length >= 3 && (head[0] & 0xff) == 0xEF && (head[1] & 0xff) == 0xBB) {
      i = 3; // UTF-8 byte order mark
    }
    while (i < head.length
        && (head[i] == ' ' || head[i] == '\t' || head[i] == '\r' || head[i] == '\n')) {
      i++;
    }
    if (i < head.length && head[i] == '{') {
      return Format.HAR;
    }
    throw new ExportException(file + " is neither a TokenTap session file nor a HAR file.");
  }

  public Path file() {
    return file;
  }

  public Format format() {
    return format;
  }

  /** A few words on what the file is ("HAR, from Firefox 120.0"). */
  public String detail() {
    return detail;
  }

  public ExchangeStore store() {
    return store;
  }

  /** The temporary dir this session uses (deleted on close). */
  public Path tempDir() {
    return tempDir;
  }

  @Override
  public void close() {
    store.close();
    deleteTree(tempDir);
    try {
      Runtime.getRuntime().removeShutdownHook(cleanup);
    } catch (IllegalStateException shuttingDown) {
      // the hook runs anyway
    }
  }

  private static Path createTempDir() {
    try {
      if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
        return Files.createTempDirectory(
            "tokentap-open-",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      }
      return Files.createTempDirectory("tokentap-open-");
    } catch (IOException e) {
      throw new ExportException(
          "Cannot create a temporary directory: " + ExportJob.reason(e) + ".", e);
    }
  }

  private static void deleteTree(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // best effort: the OS cleans its temp dir
    }
  }
}
