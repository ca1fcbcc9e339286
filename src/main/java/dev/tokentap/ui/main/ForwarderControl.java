package dev.tokentap.ui.main;

import dev.tokentap.server.UpstreamProbe;
import java.net.InetSocketAddress;
import java.net.URI;

/**
 * What the window may change in the running forwarder. Implemented where the parts are wired;
 * methods block (bind a port, ask the upstream) and are called off the FX thread.
 */
public interface ForwarderControl {

  /** Where clients connect now; null while TokenTap is not listening. */
  InetSocketAddress listenAddress();

  /** Where requests go. */
  URI upstream();

  /** New requests go to {@code upstream}; running ones finish where they are. */
  void changeUpstream(URI upstream);

  /**
   * Listens on {@code address} instead (running exchanges finish on the old port).
   *
   * @throws IllegalStateException with a readable message when the address cannot be used; the old
   *     one stays in use
   */
  void changeListen(InetSocketAddress address);

  /** Whether new exchanges are recorded (and shown). Forwarding goes on either way. */
  void setRecording(boolean on);

  /** Asks the upstream how it is. */
  UpstreamProbe.Health probeUpstream();
}
