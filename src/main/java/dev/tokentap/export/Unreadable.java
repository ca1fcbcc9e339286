package dev.tokentap.export;

/** An exchange the JSONL export leaves out, and why. */
final class Unreadable extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why an exchange is not a line of the dataset. */
  enum Reason {
    NOT_CHAT("not chat"),
    FAILED("failed"),
    NO_CAPTURE("no capture"),
    TRUNCATED("truncated"),
    UNPARSEABLE("unparseable");

    private final String words;

    Reason(String words) {
      this.words = words;
    }

    /** A few words for the summary line. */
    String words() {
      return words;
    }
  }

  private final Reason reason;

  Unreadable(Reason reason, String detail) {
    super(detail, null, false, false);
    this.reason = reason;
  }

  static Unreadable unparseable(String detail) {
    return new Unreadable(Reason.UNPARSEABLE, detail);
  }

  static Unreadable failed(String detail) {
    return new Unreadable(Reason.FAILED, detail);
  }

  Reason reason() {
    return reason;
  }
}
