/**
 * What TokenTap knows of each API's JSON, one class per endpoint family ({@code ChatCompletions},
 * {@code Completions}, {@code Messages}, {@code Responses}, {@code Ollama}, {@code Embeddings},
 * {@code OtherEndpoint}) behind {@link dev.tokentap.endpoint.EndpointFamily#of}: the usage a server
 * reports ({@link dev.tokentap.endpoint.ReportedUsage}), which stream events carry generated
 * output, the answer reassembled from a stored body ({@link dev.tokentap.endpoint.Answer}) and the
 * messages a request sent. Used by {@code metrics} (the live meter), {@code export} (JSONL) and the
 * inspector. Imports only {@code model}, Jackson and the JDK; stream framing comes in through
 * {@link dev.tokentap.endpoint.StreamSplitter}.
 */
package dev.tokentap.endpoint;
