package dev.tokentap.metrics;

/**
 * How much a meter may hold at once.
 *
 * @param maxBodyBytes a non-streamed response body is buffered up to this, then left unmeasured
 * @param maxEventBytes a single stream event (SSE event, NDJSON line) over this is skipped
 * @param maxRequestBytes how much of the request body is kept to find its model
 */
record MeterLimits(int maxBodyBytes, int maxEventBytes, int maxRequestBytes) {

  static final int DEFAULT_MAX_BODY_BYTES = 16 * 1024 * 1024;
  static final int DEFAULT_MAX_EVENT_BYTES = 1024 * 1024;
  static final int DEFAULT_MAX_REQUEST_BYTES = 4 * 1024 * 1024;

  MeterLimits {
    if (maxBodyBytes < 0 || maxEventBytes < 1 || maxRequestBytes < 0) {
      throw new IllegalArgumentException(
          "limits must be positive: "
              + maxBodyBytes
              + ", "
              + maxEventBytes
              + ", "
              + maxRequestBytes);
    }
  }

  static MeterLimits withMaxBodyBytes(int maxBodyBytes) {
    return new MeterLimits(maxBodyBytes, DEFAULT_MAX_EVENT_BYTES, DEFAULT_MAX_REQUEST_BYTES);
  }
}
