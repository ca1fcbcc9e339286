/**
 * TokenTap's own calls to the model server, on OkHttp (one shared {@link
 * dev.tokentap.server.ServerHttp}): the health probe and the server panel's reads of llama-server's
 * {@code /slots}, {@code /props} and {@code /metrics}, Ollama's {@code /api/ps}, or {@code
 * /v1/models}. Blocking calls; callers run them on a worker, never on the FX thread. No JavaFX
 * here.
 */
package dev.tokentap.server;
