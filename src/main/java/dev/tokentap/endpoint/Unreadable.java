package dev.tokentap.endpoint;

/**
 * Why a body holds no answer or messages of its endpoint's shape; the JSONL export also uses it for
 * the exchanges it leaves out.
 */
public final class Unreadable extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why an exchange is not a line of the dataset. */
  public enum Reason {
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
    public String words() {
      return words;
    }
  }

  private final Reason reason;

  public Unreadable(Reason reason, String detail) {
    super(detail, null, false, false);
    this.reason = reason;
  }

  public static Unreadable unparseable(String detail) {
    return new Unreadable(Reason.UNPARSEABLE, detail);
  }

  public static Unreadable failed(String detail) {
    return new Unreadable(Reason.FAILED, detail);
  }

  public Reason reason() {
    return reason;
  }
}
