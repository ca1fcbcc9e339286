/**
 * What TokenTap keeps of an exchange: decoded, size-capped, redacted bodies and headers, redacted
 * metadata, a salted credential fingerprint, and the zstd / JSON encodings they are stored in.
 *
 * <p>Entry point: {@link dev.tokentap.capture.CaptureRedactor#redact}. Nothing here touches a
 * database or a file; everything is pure and thread-confined to the caller.
 */
package dev.tokentap.capture;
