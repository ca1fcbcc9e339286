package dev.tokentap.capture;

/** Counts the values replaced while one exchange is redacted. Confined to one thread. */
final class RedactionTally {

  /** What every redacted value reads. */
  static final String REDACTED = "[REDACTED]";

  private int count;

  void add() {
    count++;
  }

  int count() {
    return count;
  }
}
