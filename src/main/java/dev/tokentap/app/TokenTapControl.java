package dev.tokentap.app;

import dev.tokentap.forward.UpstreamProbe;
import dev.tokentap.ui.main.ForwarderControl;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;

/** The window's handle on the running {@link TokenTap}. */
final class TokenTapControl implements ForwarderControl {

  private final TokenTap app;
  private final UpstreamProbe probe = new UpstreamProbe(Duration.ofSeconds(2));

  TokenTapControl(TokenTap app) {
    this.app = app;
  }

  @Override
  public InetSocketAddress listenAddress() {
    return app.listenAddress();
  }

  @Override
  public URI upstream() {
    return app.upstream();
  }

  @Override
  public void changeUpstream(URI upstream) {
    app.changeUpstream(upstream);
  }

  @Override
  public void changeListen(InetSocketAddress address) {
    try {
      app.changeListen(address);
    } catch (StartupException e) {
      throw new IllegalStateException(capitalized(e.getMessage()), e);
    }
  }

  @Override
  public void setRecording(boolean on) {
    app.setRecording(on);
  }

  @Override
  public UpstreamProbe.Health probeUpstream() {
    return probe.check(app.upstream());
  }

  static String capitalized(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
