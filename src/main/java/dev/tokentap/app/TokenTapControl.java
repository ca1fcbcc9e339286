package dev.tokentap.app;

import dev.tokentap.server.ServerHttp;
import dev.tokentap.server.UpstreamProbe;
import dev.tokentap.ui.main.ForwarderControl;
import java.net.InetSocketAddress;
import java.net.URI;

/** The window's handle on the running {@link TokenTap}. */
final class TokenTapControl implements ForwarderControl {

  private final TokenTap app;
  private final UpstreamProbe probe;

  /** {@code http}: TokenTap's own client for calls to the model server. */
  TokenTapControl(TokenTap app, ServerHttp http) {
    this.app = app;
    this.probe = new UpstreamProbe(http);
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
