package dev.tokentap.capture;

import dev.tokentap.model.Exchange;

/**
 * An exchange made safe to store. Numbers and flags are read from {@link #exchange()}; every text
 * that may carry a secret is read from the redacted fields here, never from the exchange.
 *
 * @param exchange the original exchange (still in clear: never store its texts)
 * @param path the request path, as {@link CaptureRedactor#redactText} leaves it
 * @param query the query string with secret parameters replaced, or null
 * @param upstream the upstream base URL without user info or secret parameters, or null
 * @param error the error text, as {@link CaptureRedactor#redactText} leaves it, or null
 * @param userAgent the request's {@code User-Agent}, as {@link CaptureRedactor#redactText} leaves
 *     it, or null
 * @param credentialFingerprint 12 hex chars identifying the request's API key, or null
 * @param capture headers and bodies, or null when captures are off
 * @param redactions how many values were replaced in total (metadata and capture)
 */
public record RedactedExchange(
    Exchange exchange,
    String path,
    String query,
    String upstream,
    String error,
    String userAgent,
    String credentialFingerprint,
    Capture capture,
    int redactions) {}
