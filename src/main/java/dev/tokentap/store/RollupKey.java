package dev.tokentap.store;

/**
 * What a rollup row adds up: the exchanges of one model, endpoint, outcome and client (user agent,
 * IP address without the port, credential fingerprint). Codes as stored; null parts are unknown (an
 * exchange without a model, a client that sent no user agent).
 */
record RollupKey(
    String model,
    String endpoint,
    String outcome,
    String userAgent,
    String address,
    String credentialFp) {

  static RollupKey of(StoredExchange x) {
    return new RollupKey(
        x.model(),
        x.endpoint().code(),
        x.outcome().code(),
        x.userAgent(),
        address(x.clientAddress()),
        x.credentialFp());
  }

  /** The client's IP address: {@code client_address} ({@code ip:port}) without the port. */
  static String address(String clientAddress) {
    if (clientAddress == null) {
      return null;
    }
    int end = clientAddress.length();
    while (end > 0 && Character.isDigit(clientAddress.charAt(end - 1))) {
      end--;
    }
    return end > 0 && clientAddress.charAt(end - 1) == ':'
        ? clientAddress.substring(0, end - 1)
        : clientAddress;
  }

  /** The client part, for the clients table. */
  ClientKey client() {
    return new ClientKey(userAgent, address, credentialFp);
  }

  /** A client: user agent, address, credential fingerprint. */
  record ClientKey(String userAgent, String address, String credentialFp) {}
}
