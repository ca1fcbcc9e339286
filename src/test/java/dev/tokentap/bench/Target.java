package dev.tokentap.bench;

/** One way to reach the fake upstream: straight, or through a forwarder listening on a port. */
record Target(String name, int port) {}
