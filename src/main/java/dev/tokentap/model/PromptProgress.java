package dev.tokentap.model;

/**
 * How far llama-server has read a prompt, as it says in a stream's {@code prompt_progress} field
 * (sent when the client asked for {@code "return_progress": true}).
 *
 * @param processed prompt tokens in the slot so far, cached ones included ({@code processed})
 * @param total the prompt's tokens ({@code total})
 * @param cached of them, tokens reused from the cache ({@code cache})
 */
public record PromptProgress(long processed, long total, long cached) {

  /** Percent of the prompt read (0-100); 0 when the total is not positive. */
  public double percent() {
    return total <= 0 ? 0 : 100.0 * Math.min(processed, total) / total;
  }
}
