package dev.tokentap.model;

/**
 * The kept copy of one body, as it passed on the wire (still content-encoded, if it was).
 *
 * @param bytes the first bytes of the body, at most the capture cap
 * @param totalBytes how many bytes the whole body had
 * @param truncated whether {@code bytes} is shorter than the body
 */
public record CapturedBody(byte[] bytes, long totalBytes, boolean truncated) {

  public static final CapturedBody EMPTY = new CapturedBody(new byte[0], 0, false);
}
