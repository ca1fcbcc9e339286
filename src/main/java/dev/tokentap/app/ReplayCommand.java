package dev.tokentap.app;

import java.net.URI;
import java.nio.file.Path;

/**
 * {@code tokentap replay ID ...}: send a stored request again and record the answer.
 *
 * @param upstream the model server to send it to, or null: the one the original went to
 * @param model the model to ask for instead (the body's {@code model} rewritten), or null
 * @param bodyFile a file holding the (edited) JSON body to send instead of the stored one, or null
 * @param keyFile a file holding the API key to send as {@code Authorization: Bearer}, or null (then
 *     {@code TOKENTAP_API_KEY}, if set)
 */
record ReplayCommand(Path dataDir, long id, URI upstream, String model, Path bodyFile, Path keyFile)
    implements Command {}
