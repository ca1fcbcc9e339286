package dev.tokentap.server;

/**
 * One slot as llama-server's {@code GET /slots} shows it, at one moment.
 *
 * @param id the slot's number
 * @param task the task it runs or last ran ({@code id_task}); -1 when not shown
 * @param nCtx its context size in tokens
 * @param processing whether it is busy with a task ({@code is_processing})
 * @param promptTokens the task's prompt tokens ({@code n_prompt_tokens})
 * @param promptProcessed prompt tokens evaluated so far ({@code n_prompt_tokens_processed})
 * @param promptCached prompt tokens reused from the cache ({@code n_prompt_tokens_cache})
 * @param decoded tokens generated so far ({@code next_token[0].n_decoded})
 */
public record LlamaSlot(
    int id,
    long task,
    int nCtx,
    boolean processing,
    long promptTokens,
    long promptProcessed,
    long promptCached,
    long decoded) {}
