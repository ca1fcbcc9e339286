package dev.tokentap.metrics;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tokentap.model.Endpoint;
import dev.tokentap.model.SearchText;
import dev.tokentap.testing.Fixture;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The searchable text of real llama-server bodies (decision record 0026). */
class CaptureSearchTextTest {

  private final SearchText text = new CaptureSearchText();

  @Test
  void isTheOneTheStoreFinds() {
    assertThat(SearchText.installed()).isInstanceOf(CaptureSearchText.class);
  }

  @Test
  void everyFixtureGivesItsWordsWithoutJsonKeysOrStreamFraming() {
    for (String name : Fixture.names()) {
      Fixture f = Fixture.load(name);
      Endpoint e = Endpoint.of(f.path());
      String req = text.request(e, f.requestBody());
      String res = text.response(e, f.responseBody());
      if (!name.equals("error_malformed_json")) { // not JSON: indexed as the text it is
        assertThat(req).as(name).doesNotContain("\"messages\"", "\"role\"");
      }
      assertThat(res).as(name).doesNotContain("data: ", "chat.completion.chunk", "\"delta\"");
    }
    Fixture chat = Fixture.load("chat_nonstream");
    assertThat(text.request(Endpoint.CHAT_COMPLETIONS, chat.requestBody()))
        .contains("You are a helpful assistant.")
        .contains("Write a short poem about a lighthouse keeper and the sea.");
    Fixture stream = Fixture.load("chat_stream");
    String answer = text.response(Endpoint.CHAT_COMPLETIONS, stream.responseBody());
    assertThat(answer).isNotBlank();
    assertThat(new String(stream.responseBody(), UTF_8)).doesNotContain(answer); // reassembled
  }

  @Test
  void dataAndBinaryBodiesAreNotText() {
    String image = "data:image/png;base64," + "iVBORw0KGgo".repeat(100);
    byte[] req =
        ("{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"what is"
                + " this\"},{\"type\":\"image_url\",\"image_url\":{\"url\":\""
                + image
                + "\"}}]}]}")
            .getBytes(UTF_8);
    assertThat(text.request(Endpoint.CHAT_COMPLETIONS, req))
        .contains("what is this")
        .doesNotContain("base64", "iVBOR");
    byte[] noise = new byte[4096];
    new Random(1).nextBytes(noise);
    assertThat(text.request(Endpoint.OTHER, noise)).isEmpty();
    assertThat(text.response(Endpoint.OTHER, noise)).isEmpty();
    assertThat(text.response(Endpoint.OTHER, "plain words".getBytes(UTF_8)))
        .isEqualTo("plain words");
  }
}
