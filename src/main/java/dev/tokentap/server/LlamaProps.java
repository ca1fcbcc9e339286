package dev.tokentap.server;

/**
 * What llama-server's {@code GET /props} says of itself; a field it does not show is null (or 0).
 *
 * @param modelPath the model file ({@code model_path})
 * @param alias the model's alias ({@code model_alias})
 * @param build its build ({@code build_info})
 * @param nCtx context per slot ({@code default_generation_settings.n_ctx}); 0 when not shown
 * @param totalSlots {@code total_slots}; 0 when not shown
 */
public record LlamaProps(String modelPath, String alias, String build, int nCtx, int totalSlots) {}
