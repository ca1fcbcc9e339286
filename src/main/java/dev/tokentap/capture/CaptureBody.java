package dev.tokentap.capture;

/**
 * One body as it is stored: decoded when possible, capped, redacted.
 *
 * @param bytes the kept bytes, redacted; decoded unless {@code decoded} is false
 * @param originalSize the body's size before the cap: the decoded size when it was decoded (of the
 *     wire bytes that were kept, so a lower bound when the wire copy was truncated), else its size
 *     on the wire
 * @param truncated whether {@code bytes} holds less than the whole body
 * @param wireEncoding the {@code Content-Encoding} the body had on the wire, or null
 * @param decoded true when {@code bytes} are plain; false when they still carry {@code
 *     wireEncoding} because it could not be undone (for example {@code br}, or corrupt data)
 */
public record CaptureBody(
    byte[] bytes, long originalSize, boolean truncated, String wireEncoding, boolean decoded) {}
