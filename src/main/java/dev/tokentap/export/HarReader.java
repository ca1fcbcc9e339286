package dev.tokentap.export;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a HAR file with Jackson's streaming parser: {@code log.creator} and then {@code
 * log.entries} one entry at a time (each entry as a small tree, handed to a visitor and dropped),
 * so memory is bounded by the largest entry, not the file. Files over {@link #MAX_BYTES} are
 * refused. Every problem is an {@link ExportException} with one line.
 */
public final class HarReader {

  /** The largest HAR file read. */
  public static final long MAX_BYTES = 1L << 30;

  /** Receives each entry, in file order, with its index from 0. */
  @FunctionalInterface
  public interface EntryVisitor {
    void visit(int index, JsonNode entry);
  }

  /**
   * What the file said about itself.
   *
   * @param creator {@code log.creator.name} and version, or null
   * @param entries how many entries were read
   */
  public record Result(String creator, int entries) {}

  private final long maxBytes;

  public HarReader() {
    this(MAX_BYTES);
  }

  /** With another size limit (tests). */
  HarReader(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  /** Reads {@code file}, handing each entry to {@code visitor}. */
  public Result read(Path file, EntryVisitor visitor) {
    long size;
    try {
      size = Files.size(file);
    } catch (IOException e) {
      throw new ExportException("Cannot read " + file + ": " + ExportJob.reason(e) + ".", e);
    }
    if (size > maxBytes) {
      throw new ExportException(
          file
              + " is too large to open ("
              + size
              + " bytes; HAR files up to "
              + (maxBytes >> 20)
              + " MiB are read).");
    }
    try (JsonParser p = Json.MAPPER.getFactory().createParser(file.toFile())) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw notHar(file, "it is not a JSON object");
      }
      String creator = null;
      int entries = -1;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken t = p.nextToken();
        if (name.equals("log") && t == JsonToken.START_OBJECT) {
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken v = p.nextToken();
            if (field.equals("creator") && v == JsonToken.START_OBJECT) {
              JsonNode c = p.readValueAsTree();
              String n = Json.str(c, "name");
              String v2 = Json.str(c, "version");
              creator = n == null ? null : v2 == null ? n : n + " " + v2;
            } else if (field.equals("entries") && v == JsonToken.START_ARRAY) {
              entries = 0;
              while (p.nextToken() != JsonToken.END_ARRAY) {
                if (p.currentToken() != JsonToken.START_OBJECT) {
                  throw notHar(file, "log.entries[" + entries + "] is not an object");
                }
                JsonNode entry = p.readValueAsTree();
                visitor.visit(entries, entry);
                entries++;
              }
            } else {
              p.skipChildren();
            }
          }
        } else {
          p.skipChildren();
        }
      }
      if (entries < 0) {
        throw notHar(file, "it has no log.entries");
      }
      if (p.nextToken() != null) {
        throw notHar(file, "there is more after the JSON object");
      }
      return new Result(creator, entries);
    } catch (JsonProcessingException e) {
      long line = e.getLocation() == null ? -1 : e.getLocation().getLineNr();
      throw new ExportException(
          file + " is not a HAR file: malformed JSON" + (line > 0 ? " at line " + line : "") + ".",
          e);
    } catch (IOException e) {
      throw new ExportException("Cannot read " + file + ": " + ExportJob.reason(e) + ".", e);
    }
  }

  private static ExportException notHar(Path file, String why) {
    return new ExportException(file + " is not a HAR file: " + why + ".");
  }
}
