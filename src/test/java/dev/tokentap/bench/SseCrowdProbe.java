package dev.tokentap.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.function.ToIntFunction;

/**
 * Added delay per SSE event with many streams at once: {@code streams} keep-alive connections per
 * path each ask for a stream at the same moment, and the fake upstream's pacer writes all of them
 * concurrently (see {@link FakeUpstream}), stamping each event with its send time. This client is
 * one thread on one NIO selector: it notes {@link System#nanoTime} right after each read that
 * brings an event's last byte, so hundreds of streams cost it no threads or context switches of its
 * own. A crowd is one measured round; the paths take turns crowd by crowd after a warm-up crowd
 * each.
 */
final class SseCrowdProbe {

  /** What one path gave. */
  static final class PathResult {
    final RoundSamples delay = new RoundSamples();
    int crowds;
    int streams;
    int shortStreams;
    int unstamped;
    int errors;
    String firstError;
    int mostAtOnce;
    double proxyCpuSeconds;
    long measuredEvents;
  }

  private static final int MAX_ERRORS = 20;
  private static final long CROWD_TIMEOUT_NANOS = 60_000_000_000L;

  private final int streams;
  private final FakeUpstream.StreamShape shape;
  private final int warmUpCrowds;
  private final int rounds;
  private final long deadlineNanos;
  private final ToDoubleFunction<Target> proxyCpuSeconds;
  private final ToIntFunction<Target> mostAtOnce;
  private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(64 * 1024);
  private final byte[] readBytes = new byte[64 * 1024];

  SseCrowdProbe(
      int streams,
      FakeUpstream.StreamShape shape,
      int warmUpCrowds,
      int rounds,
      long budgetNanos,
      ToDoubleFunction<Target> proxyCpuSeconds,
      ToIntFunction<Target> mostAtOnce) {
    this.streams = streams;
    this.shape = shape;
    this.warmUpCrowds = warmUpCrowds;
    this.rounds = rounds;
    this.deadlineNanos = System.nanoTime() + budgetNanos;
    this.proxyCpuSeconds = proxyCpuSeconds;
    this.mostAtOnce = mostAtOnce;
  }

  Map<Target, PathResult> run(List<Target> targets) throws IOException {
    Map<Target, PathResult> results = new LinkedHashMap<>();
    Map<Target, List<Conn>> conns = new LinkedHashMap<>();
    try (Selector selector = Selector.open()) {
      try {
        for (Target t : targets) {
          results.put(t, new PathResult());
          conns.put(t, new ArrayList<>());
        }
        for (Target t : targets) {
          for (int i = 0; i < warmUpCrowds; i++) {
            crowd(selector, t, conns.get(t), results.get(t), false);
          }
        }
        for (int r = 0; r < rounds && System.nanoTime() < deadlineNanos; r++) {
          for (Target t : targets) {
            crowd(selector, t, conns.get(t), results.get(t), true);
          }
        }
      } finally {
        conns.values().forEach(list -> list.forEach(Conn::close));
      }
    }
    return results;
  }

  /** One crowd: a stream on every connection at once, read to the end of each. */
  private void crowd(Selector selector, Target t, List<Conn> conns, PathResult pr, boolean measured)
      throws IOException {
    if (pr.errors >= MAX_ERRORS || System.nanoTime() > deadlineNanos) {
      return;
    }
    conns.removeIf(c -> !c.channel.isOpen());
    while (conns.size() < streams) {
      try {
        conns.add(new Conn(selector, t.port()));
      } catch (IOException e) {
        error(pr, e);
        return;
      }
    }
    if (measured) {
      pr.delay.startRound();
    }
    mostAtOnce.applyAsInt(t); // reset the upstream's high-water mark
    double cpuBefore = measured ? proxyCpuSeconds.applyAsDouble(t) : Double.NaN;
    byte[] request =
        HttpConn.post(
            t.port(),
            "/v1/chat/completions",
            Payloads.CHAT_STREAM_REQUEST,
            true,
            HttpHead.PACED_HEADER
                + ": "
                + shape.events()
                + ","
                + shape.minGapNanos() / 1_000
                + ","
                + shape.maxGapNanos() / 1_000
                + "\r\n");
    int running = 0;
    for (Conn c : conns) {
      try {
        c.start(request, measured ? pr : null);
        running++;
      } catch (IOException e) {
        error(pr, e);
        c.close();
      }
    }
    long giveUp = System.nanoTime() + CROWD_TIMEOUT_NANOS;
    while (running > 0) {
      if (System.nanoTime() > giveUp) {
        error(pr, new IOException("crowd not finished within 60 s; " + running + " streams open"));
        for (Conn c : conns) {
          if (!c.finished()) {
            c.close();
          }
        }
        break;
      }
      selector.select(1_000);
      Iterator<SelectionKey> it = selector.selectedKeys().iterator();
      while (it.hasNext()) {
        SelectionKey key = it.next();
        it.remove();
        Conn c = (Conn) key.attachment();
        if (!key.isValid() || c.finished()) {
          continue;
        }
        try {
          c.readAvailable();
        } catch (IOException e) {
          error(pr, e);
          c.close();
        }
        if (c.finished() || !c.channel.isOpen()) {
          running--;
        }
      }
    }
    if (measured) {
      pr.crowds++;
      pr.proxyCpuSeconds += proxyCpuSeconds.applyAsDouble(t) - cpuBefore;
      pr.mostAtOnce = Math.max(pr.mostAtOnce, mostAtOnce.applyAsInt(t));
    }
  }

  private static void error(PathResult pr, IOException e) {
    pr.errors++;
    if (pr.firstError == null) {
      pr.firstError = e.toString();
    }
  }

  private enum State {
    HEAD,
    SIZE,
    DATA,
    DATA_END,
    TRAILER,
    DONE
  }

  /**
   * One non-blocking keep-alive connection and the state of the response it is reading: HTTP/1.1
   * head, chunked framing, SSE events (split at each blank line).
   */
  private final class Conn {
    final SocketChannel channel;
    private final SelectionKey key;
    private State state = State.DONE;
    private PathResult measuredInto; // null: not measured
    private final StringBuilder line = new StringBuilder();
    private int status;
    private boolean chunked;
    private boolean close;
    private long dataLeft;
    private byte[] event = new byte[1024];
    private int eventLength;
    private int events;
    private int stamped;

    Conn(Selector selector, int port) throws IOException {
      SocketChannel ch = SocketChannel.open();
      try {
        ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
        ch.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        ch.configureBlocking(false);
        key = ch.register(selector, SelectionKey.OP_READ, this);
      } catch (IOException e) {
        ch.close();
        throw e;
      }
      channel = ch;
    }

    boolean finished() {
      return state == State.DONE;
    }

    void start(byte[] request, PathResult measured) throws IOException {
      measuredInto = measured;
      state = State.HEAD;
      line.setLength(0);
      status = 0;
      chunked = false;
      close = false;
      eventLength = 0;
      events = 0;
      stamped = 0;
      ByteBuffer b = ByteBuffer.wrap(request);
      long until = System.nanoTime() + 5_000_000_000L;
      while (b.hasRemaining()) {
        if (channel.write(b) == 0) {
          if (System.nanoTime() > until) {
            throw new IOException("could not send the request within 5 s");
          }
          Thread.onSpinWait();
        }
      }
    }

    /** Reads what the socket has; parses it with the time of the read that brought it. */
    void readAvailable() throws IOException {
      while (true) {
        readBuffer.clear();
        int n = channel.read(readBuffer);
        if (n == 0) {
          return;
        }
        if (n < 0) {
          throw new IOException("connection closed by the server in state " + state);
        }
        long arrival = System.nanoTime();
        readBuffer.flip();
        readBuffer.get(readBytes, 0, n);
        parse(readBytes, n, arrival);
        if (state == State.DONE) {
          if (close) {
            close();
          }
          return;
        }
      }
    }

    private void parse(byte[] b, int n, long arrival) throws IOException {
      int i = 0;
      while (i < n) {
        switch (state) {
          case HEAD, SIZE, DATA_END, TRAILER -> {
            byte c = b[i++];
            if (c != '\n') {
              if (c != '\r') {
                line.append((char) (c & 0xff));
              }
              if (line.length() > 16 * 1024) {
                throw new IOException("line longer than 16 KiB in state " + state);
              }
              continue;
            }
            String l = line.toString();
            line.setLength(0);
            onLine(l);
          }
          case DATA -> {
            int k = (int) Math.min(dataLeft, n - i);
            onData(b, i, k, arrival);
            i += k;
            dataLeft -= k;
            if (dataLeft == 0) {
              state = State.DATA_END;
            }
          }
          case DONE -> throw new IOException("bytes after the end of the response");
        }
      }
    }

    private void onLine(String l) throws IOException {
      switch (state) {
        case HEAD -> {
          if (status == 0) {
            String[] parts = l.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
              throw new IOException("bad status line: '" + l + "'");
            }
            status = Integer.parseInt(parts[1]);
            close = parts[0].equals("HTTP/1.0");
          } else if (l.isEmpty()) {
            if (status != 200) {
              throw new IOException("HTTP " + status);
            }
            if (!chunked) {
              throw new IOException("stream answer not chunked");
            }
            state = State.SIZE;
          } else {
            String lower = l.toLowerCase(Locale.ROOT);
            if (lower.startsWith("transfer-encoding:") && lower.trim().endsWith("chunked")) {
              chunked = true;
            } else if (lower.startsWith("connection:") && lower.contains("close")) {
              close = true;
            }
          }
        }
        case SIZE -> {
          int semi = l.indexOf(';');
          String hex = (semi >= 0 ? l.substring(0, semi) : l).trim();
          long size;
          try {
            size = Long.parseLong(hex, 16);
          } catch (NumberFormatException e) {
            throw new IOException("bad chunk size line: '" + l + "'", e);
          }
          if (size == 0) {
            state = State.TRAILER;
          } else {
            dataLeft = size;
            state = State.DATA;
          }
        }
        case DATA_END -> {
          if (!l.isEmpty()) {
            throw new IOException("chunk not followed by CRLF");
          }
          state = State.SIZE;
        }
        case TRAILER -> {
          if (l.isEmpty()) {
            state = State.DONE;
            endOfStream();
          }
        }
        default -> throw new IOException("unexpected line in state " + state);
      }
    }

    private void onData(byte[] b, int off, int len, long arrival) {
      for (int i = off; i < off + len; i++) {
        if (eventLength == event.length) {
          event = Arrays.copyOf(event, event.length * 2);
        }
        byte c = b[i];
        event[eventLength++] = c;
        if (c == '\n' && eventLength >= 2 && event[eventLength - 2] == '\n') {
          onEvent(arrival);
          eventLength = 0;
        }
      }
    }

    private void onEvent(long arrival) {
      events++;
      long sent = Payloads.sendTimeOf(event, eventLength);
      if (sent == Long.MIN_VALUE) {
        if (measuredInto != null && !isDone(event, eventLength)) {
          measuredInto.unstamped++;
        }
        return;
      }
      stamped++;
      if (measuredInto != null) {
        measuredInto.delay.add(arrival - sent);
        measuredInto.measuredEvents++;
      }
    }

    private void endOfStream() {
      if (measuredInto != null) {
        measuredInto.streams++;
        if (stamped != shape.events() || events != shape.events() + 1) {
          measuredInto.shortStreams++;
        }
      }
    }

    void close() {
      key.cancel();
      try {
        channel.close();
      } catch (IOException e) {
        // closing anyway
      }
      state = State.DONE;
    }
  }

  private static boolean isDone(byte[] event, int length) {
    return length == Payloads.SSE_DONE.length
        && Arrays.equals(event, 0, length, Payloads.SSE_DONE, 0, length);
  }
}
