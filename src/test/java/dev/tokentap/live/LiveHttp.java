package dev.tokentap.live;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A client as an application would have one: the JDK's {@code HttpClient}, HTTP/1.1, keeping its
 * connections to TokenTap alive between requests.
 */
final class LiveHttp {
  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final String base;

  LiveHttp(String base) {
    this.base = base;
  }

  record Reply(int status, String body, String contentType) {
    boolean sse() {
      return contentType.startsWith("text/event-stream");
    }
  }

  Reply get(String path) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(URI.create(base + path)).GET(), null);
  }

  Reply post(String path, String json) throws IOException, InterruptedException {
    return post(path, json, null);
  }

  Reply post(String path, String json, String userAgent) throws IOException, InterruptedException {
    return send(
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)),
        userAgent);
  }

  private Reply send(HttpRequest.Builder request, String userAgent)
      throws IOException, InterruptedException {
    if (userAgent != null) {
      request.header("User-Agent", userAgent);
    }
    HttpResponse<String> r =
        client.send(
            request.timeout(Duration.ofMinutes(2)).build(), HttpResponse.BodyHandlers.ofString());
    return new Reply(r.statusCode(), r.body(), r.headers().firstValue("Content-Type").orElse(""));
  }
}
