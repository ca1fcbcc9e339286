package dev.tokentap.replay;

/** A replay that cannot be sent as asked; the message says why, in words, and what to do. */
public final class ReplayRefused extends Exception {

  private static final long serialVersionUID = 1L;

  public ReplayRefused(String message) {
    super(message);
  }
}
