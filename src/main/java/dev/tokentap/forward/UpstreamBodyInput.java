package dev.tokentap.forward;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A response body read from an upstream connection. The connection goes back to the pool only when
 * the body was read to its clean end and the server keeps the connection open; on an early close,
 * an error or a cancel it is closed. A premature end of the connection is an {@link IOException},
 * never a clean end.
 */
abstract class UpstreamBodyInput extends InputStream {

  private static final int OPEN = 0;
  private static final int RELEASED = 1;
  private static final int CLOSED = 2;

  protected final ConnectionInput in;
  private final UpstreamConnection connection;
  private final UpstreamPool pool;
  private final boolean keepAlive;
  private final AtomicInteger state = new AtomicInteger(OPEN);
  private boolean ended;

  UpstreamBodyInput(UpstreamConnection connection, UpstreamPool pool, boolean keepAlive) {
    this.in = connection.in();
    this.connection = connection;
    this.pool = pool;
    this.keepAlive = keepAlive;
  }

  /**
   * The next bytes of the body: what one read of the connection gives; -1 at its clean end.
   *
   * @throws IOException also when the connection ends before the body does
   */
  protected abstract int readBody(byte[] b, int off, int len) throws IOException;

  @Override
  public final int read(byte[] b, int off, int len) throws IOException {
    if (ended) {
      return -1;
    }
    if (state.get() == CLOSED) {
      throw new IOException("closed");
    }
    if (len == 0) {
      return 0;
    }
    int n;
    try {
      n = readBody(b, off, len);
    } catch (IOException | RuntimeException e) {
      abort();
      throw e;
    }
    if (n < 0) {
      ended = true;
      if (keepAlive) {
        if (state.compareAndSet(OPEN, RELEASED)) {
          pool.release(connection);
        }
      } else {
        abort();
      }
    }
    return n;
  }

  @Override
  public final int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  /** Whether the body was read to its clean end. */
  final boolean ended() {
    return ended;
  }

  /** Closes the connection unless it went back to the pool; safe from any thread. */
  final void abort() {
    if (state.compareAndSet(OPEN, CLOSED)) {
      connection.close();
    }
  }

  /** Gives up the body: the connection is closed unless it was read to its clean end. */
  @Override
  public final void close() {
    abort();
  }

  /** A body that is empty by definition (HEAD, 1xx, 204, 304): the connection is free at once. */
  static final class Empty extends UpstreamBodyInput {
    Empty(UpstreamConnection connection, UpstreamPool pool, boolean keepAlive) {
      super(connection, pool, keepAlive);
    }

    @Override
    protected int readBody(byte[] b, int off, int len) {
      return -1;
    }
  }

  /** A body without length or chunking: it ends when the server closes the connection. */
  static final class UntilClose extends UpstreamBodyInput {
    UntilClose(UpstreamConnection connection, UpstreamPool pool) {
      super(connection, pool, false);
    }

    @Override
    protected int readBody(byte[] b, int off, int len) throws IOException {
      return in.read(b, off, len);
    }
  }
}
