package dev.tokentap.metrics;

import java.util.Locale;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Undoes a body's {@code Content-Encoding} chunk by chunk, for measuring only: gzip (with its
 * header, trailer and any further members) and deflate (zlib-wrapped or raw, told apart by the
 * first two bytes), else passes bytes through. Never throws: on corrupt input it stops and reports
 * {@link #failed()}. Not thread-safe; one per body.
 */
final class ContentDecoder {

  /** Receives decoded bytes; they are valid only during the call. */
  interface Sink {
    void accept(byte[] buf, int off, int len);
  }

  private enum Format {
    IDENTITY,
    GZIP,
    DEFLATE
  }

  private enum State {
    GZIP_HEADER,
    GZIP_EXTRA_LENGTH,
    GZIP_EXTRA,
    GZIP_NAME,
    GZIP_COMMENT,
    GZIP_HEADER_CRC,
    DEFLATE_SNIFF,
    INFLATE,
    GZIP_TRAILER,
    IGNORE_REST,
    FAILED
  }

  private static final int FHCRC = 0x02;
  private static final int FEXTRA = 0x04;
  private static final int FNAME = 0x08;
  private static final int FCOMMENT = 0x10;
  private static final int FRESERVED = 0xE0;

  private final Format format;
  private State state;
  private Inflater inflater;
  private byte[] out;
  private final byte[] header = new byte[10];
  private int headerPos;
  private int flags;
  private int skip;
  private int members;

  private ContentDecoder(Format format) {
    this.format = format;
    this.state =
        switch (format) {
          case GZIP -> State.GZIP_HEADER;
          case DEFLATE -> State.DEFLATE_SNIFF;
          case IDENTITY -> State.IGNORE_REST;
        };
  }

  /**
   * The decoder for a {@code Content-Encoding} header value (null or blank: identity), or null when
   * the coding is not one this class can undo (br, zstd, stacked codings).
   */
  static ContentDecoder forEncoding(String contentEncoding) {
    Format found = Format.IDENTITY;
    if (contentEncoding != null) {
      for (String part : contentEncoding.split(",")) {
        String coding = part.trim().toLowerCase(Locale.ROOT);
        if (coding.isEmpty() || coding.equals("identity")) {
          continue;
        }
        Format next =
            switch (coding) {
              case "gzip", "x-gzip" -> Format.GZIP;
              case "deflate" -> Format.DEFLATE;
              default -> null;
            };
        if (next == null || found != Format.IDENTITY) {
          return null;
        }
        found = next;
      }
    }
    return new ContentDecoder(found);
  }

  boolean failed() {
    return state == State.FAILED;
  }

  /** Decodes {@code len} bytes at {@code off} and hands the output to {@code sink}. */
  void decode(byte[] buf, int off, int len, Sink sink) {
    if (len <= 0) {
      return;
    }
    if (format == Format.IDENTITY) {
      sink.accept(buf, off, len);
      return;
    }
    int i = off;
    int end = off + len;
    while (i < end) {
      switch (state) {
        case GZIP_HEADER -> i = gzipHeader(buf, i, end);
        case GZIP_EXTRA_LENGTH -> {
          header[headerPos++] = buf[i++];
          if (headerPos == 2) {
            skip = (header[0] & 0xFF) | (header[1] & 0xFF) << 8;
            state = skip > 0 ? State.GZIP_EXTRA : afterHeaderPart(State.GZIP_EXTRA);
          }
        }
        case GZIP_EXTRA, GZIP_HEADER_CRC, GZIP_TRAILER -> {
          int n = Math.min(skip, end - i);
          i += n;
          skip -= n;
          if (skip == 0) {
            state = afterHeaderPart(state);
          }
        }
        case GZIP_NAME, GZIP_COMMENT -> {
          if (buf[i++] == 0) {
            state = afterHeaderPart(state);
          }
        }
        case DEFLATE_SNIFF -> i = deflateSniff(buf, i, end, sink);
        case INFLATE -> i = inflate(buf, i, end, sink);
        case IGNORE_REST, FAILED -> i = end;
      }
    }
  }

  /** Bytes of its output buffer (the inflater's own native window aside). */
  int retainedBytes() {
    return out == null ? 0 : out.length;
  }

  /** Frees the native inflater; the decoder decodes nothing afterwards. */
  void close() {
    if (inflater != null) {
      inflater.end();
      inflater = null;
    }
    if (state != State.FAILED) {
      state = State.IGNORE_REST;
    }
  }

  private int gzipHeader(byte[] buf, int i, int end) {
    header[headerPos++] = buf[i++];
    if (headerPos < header.length) {
      return i;
    }
    headerPos = 0;
    boolean magic = header[0] == (byte) 0x1F && header[1] == (byte) 0x8B && header[2] == 8;
    flags = header[3] & 0xFF;
    if (!magic || (flags & FRESERVED) != 0) {
      // Bytes after a complete member that are not a member (padding, junk): nothing to measure.
      state = members > 0 ? State.IGNORE_REST : State.FAILED;
      return end;
    }
    state = afterHeaderPart(State.GZIP_HEADER);
    return i;
  }

  /** The gzip part that follows {@code done}, given the member's flags. */
  private State afterHeaderPart(State done) {
    if (done == State.GZIP_TRAILER) {
      members++;
      return State.GZIP_HEADER;
    }
    int step =
        switch (done) {
          case GZIP_HEADER -> 0;
          case GZIP_EXTRA_LENGTH, GZIP_EXTRA -> 1;
          case GZIP_NAME -> 2;
          case GZIP_COMMENT -> 3;
          default -> 4;
        };
    if (step < 1 && (flags & FEXTRA) != 0) {
      return State.GZIP_EXTRA_LENGTH;
    }
    if (step < 2 && (flags & FNAME) != 0) {
      return State.GZIP_NAME;
    }
    if (step < 3 && (flags & FCOMMENT) != 0) {
      return State.GZIP_COMMENT;
    }
    if (step < 4 && (flags & FHCRC) != 0) {
      skip = 2;
      return State.GZIP_HEADER_CRC;
    }
    startInflater(true);
    return State.INFLATE;
  }

  private int deflateSniff(byte[] buf, int i, int end, Sink sink) {
    header[headerPos++] = buf[i++];
    if (headerPos < 2) {
      return i;
    }
    int cmf = header[0] & 0xFF;
    int flg = header[1] & 0xFF;
    boolean zlib = (cmf & 0x0F) == 8 && (cmf >> 4) <= 7 && ((cmf << 8) | flg) % 31 == 0;
    startInflater(!zlib);
    state = State.INFLATE;
    headerPos = 0;
    // Replay the two sniffed bytes into the inflater before the rest.
    inflate(header, 0, 2, sink);
    return i;
  }

  private void startInflater(boolean raw) {
    if (inflater != null) {
      inflater.end();
    }
    inflater = new Inflater(raw);
    if (out == null) {
      out = new byte[16 * 1024];
    }
  }

  private int inflate(byte[] buf, int i, int end, Sink sink) {
    if (state != State.INFLATE) {
      return end;
    }
    inflater.setInput(buf, i, end - i);
    int idle = 0;
    while (idle < 2) {
      int n;
      try {
        n = inflater.inflate(out);
      } catch (DataFormatException e) {
        fail();
        return end;
      }
      if (n > 0) {
        sink.accept(out, 0, n);
      }
      if (inflater.finished()) {
        int rest = inflater.getRemaining();
        if (format == Format.GZIP) {
          skip = 8;
          state = State.GZIP_TRAILER;
        } else {
          state = State.IGNORE_REST;
        }
        return end - rest;
      }
      if (inflater.needsDictionary()) {
        fail();
        return end;
      }
      if (n == 0 && inflater.needsInput()) {
        return end;
      }
      idle = n == 0 ? idle + 1 : 0;
    }
    return end;
  }

  private void fail() {
    state = State.FAILED;
    if (inflater != null) {
      inflater.end();
      inflater = null;
    }
  }
}
