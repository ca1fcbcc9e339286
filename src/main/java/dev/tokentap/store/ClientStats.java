package dev.tokentap.store;

/**
 * One client of the dashboard's clients table: the exchanges sharing a user agent, a client IP
 * address (the {@code client_address} without its port) and a credential fingerprint. Any of the
 * three may be null (not sent, or not known: HAR imports have no address).
 *
 * @param userAgent the {@code User-Agent} the client sent
 * @param address the client's IP address, without the port
 * @param credentialFp the fingerprint of the API key it used ({@code credential_fp})
 * @param today its exchanges since the start of today (whatever the range)
 * @param month its exchanges since the start of this month (whatever the range)
 * @param range its exchanges in the range asked for
 */
public record ClientStats(
    String userAgent, String address, String credentialFp, Usage today, Usage month, Usage range) {

  /**
   * Requests and tokens over a period.
   *
   * @param requests how many exchanges
   * @param tokens the known prompt plus completion tokens of those exchanges; 0 when there were
   *     none, null when there were some but none reported a token count
   */
  public record Usage(long requests, Long tokens) {}
}
