package dev.tokentap.testing;

import dev.tokentap.model.Header;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * A client on a plain socket that sends exact request bytes and reads the answer as it arrives, so
 * tests see the wire itself: status, headers, de-chunked body, and whether it ended cleanly.
 */
public final class RawClient implements AutoCloseable {

  /** What came back. {@code complete} is false when the connection broke inside the body. */
  public record Answer(
      int status, List<Header> headers, byte[] body, List<Long> arrivals, boolean complete) {
    public String header(String name) {
      return Header.first(headers, name);
    }
  }

  private final Socket socket;
  private final InputStream in;

  public RawClient(int port) throws IOException {
    socket = new Socket(InetAddress.getLoopbackAddress(), port);
    socket.setSoTimeout(30_000);
    in = new BufferedInputStream(socket.getInputStream());
  }

  /** Sends {@code request} as it is (a whole HTTP/1.1 request: head and body). */
  public RawClient send(byte[] request) throws IOException {
    socket.getOutputStream().write(request);
    socket.getOutputStream().flush();
    return this;
  }

  /** Reads one whole response. */
  public Answer read(boolean headRequest) throws IOException {
    List<String> head = RawHttp.readHead(in);
    if (head == null) {
      throw new IOException("connection closed before a response");
    }
    int status = Integer.parseInt(head.getFirst().split(" ", 3)[1]);
    List<Header> headers = RawHttp.headers(head);
    List<Long> arrivals = new ArrayList<>();
    if (headRequest || status == 204 || status == 304) {
      return new Answer(status, headers, new byte[0], arrivals, true);
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    boolean complete = true;
    try {
      RawHttp.readBody(in, headers, true, arrivals::add, body);
    } catch (IOException e) {
      complete = false;
    }
    return new Answer(status, headers, body.toByteArray(), arrivals, complete);
  }

  /** Reads the head and then {@code bytes} of body, leaving the rest unread. */
  public byte[] readSome(int bytes) throws IOException {
    List<String> head = RawHttp.readHead(in);
    if (head == null) {
      throw new IOException("connection closed before a response");
    }
    return in.readNBytes(bytes);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
