package dev.tokentap.ui.main;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokentap.server.UpstreamProbe;
import java.net.URI;
import org.junit.jupiter.api.Test;

/** The window's notice names a down upstream without the password of its URL. */
class UpstreamNoticeTest {

  @Test
  void aDownUpstreamIsNamedWithoutItsUserInfo() {
    String notice =
        MainViewModel.noticeFor(
            UpstreamProbe.Health.DOWN, URI.create("http://user:PASSWORD@127.0.0.1:8080/"));
    assertThat(notice)
        .startsWith("Nothing is answering at http://[REDACTED]@127.0.0.1:8080/.")
        .contains("--port 8080")
        .doesNotContain("PASSWORD");
  }
}
