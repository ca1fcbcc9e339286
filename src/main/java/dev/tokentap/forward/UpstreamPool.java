package dev.tokentap.forward;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * Idle keep-alive connections, per upstream address, in lock-free deques: the most recently used
 * connection is taken first. No thread of its own: connections idle too long are closed when the
 * pool is next used.
 */
final class UpstreamPool {

  /**
   * Idle upstream connections are not reused after this long. Shorter than the 5 s keep-alive of
   * llama-server's and uvicorn's (vLLM), so a request is never sent on a connection the server is
   * about to close: request bodies are streamed and so cannot be retried.
   */
  static final long KEEP_ALIVE_NANOS = TimeUnit.SECONDS.toNanos(4);

  /** Idle connections kept per address; more are closed. */
  static final int MAX_IDLE = 64;

  private final Map<UpstreamAddress, Idle> idle = new ConcurrentHashMap<>();
  private final LongSupplier clock;
  private final long keepAliveNanos;
  private final int maxIdle;
  private volatile boolean closed;

  UpstreamPool() {
    this(System::nanoTime, KEEP_ALIVE_NANOS, MAX_IDLE);
  }

  UpstreamPool(LongSupplier clock, long keepAliveNanos, int maxIdle) {
    this.clock = clock;
    this.keepAliveNanos = keepAliveNanos;
    this.maxIdle = maxIdle;
  }

  /** An idle connection to {@code address} that is fresh enough to reuse, or null. */
  UpstreamConnection acquire(UpstreamAddress address) {
    Idle list = idle.get(address);
    if (list == null) {
      return null;
    }
    long now = clock.getAsLong();
    UpstreamConnection c;
    while ((c = list.connections.pollFirst()) != null) {
      list.count.decrementAndGet();
      if (now - c.idleSinceNanos() < keepAliveNanos && !c.isClosed()) {
        return c;
      }
      // The newest one is stale, so are all older ones: they go one by one as this loop goes on.
      c.close();
    }
    return null;
  }

  /** Takes back a connection whose last response was read to its clean end. */
  void release(UpstreamConnection c) {
    if (closed || c.isClosed()) {
      c.close();
      return;
    }
    long now = clock.getAsLong();
    c.becameIdle(now);
    Idle list = idle.computeIfAbsent(c.address(), a -> new Idle());
    list.connections.offerFirst(c);
    int count = list.count.incrementAndGet();
    UpstreamConnection oldest;
    while ((oldest = list.connections.peekLast()) != null
        && (count > maxIdle || now - oldest.idleSinceNanos() >= keepAliveNanos)) {
      if (!list.connections.removeLastOccurrence(oldest)) {
        break; // taken meanwhile
      }
      count = list.count.decrementAndGet();
      oldest.close();
    }
    if (closed) {
      closeAll();
    }
  }

  /** Idle connections to {@code address} now (for tests). */
  int idleCount(UpstreamAddress address) {
    Idle list = idle.get(address);
    return list == null ? 0 : list.connections.size();
  }

  /** Closes every idle connection; connections in use are closed when they come back. */
  void close() {
    closed = true;
    closeAll();
  }

  private void closeAll() {
    for (Idle list : idle.values()) {
      UpstreamConnection c;
      while ((c = list.connections.pollFirst()) != null) {
        list.count.decrementAndGet();
        c.close();
      }
    }
  }

  private static final class Idle {
    final ConcurrentLinkedDeque<UpstreamConnection> connections = new ConcurrentLinkedDeque<>();
    final AtomicInteger count = new AtomicInteger();
  }
}
