package dev.tokentap.demo;

/**
 * A model the simulated server pretends to run, with the speeds of a mid-range GPU.
 *
 * @param promptTps prompt processing speed, tokens per second
 * @param genTps generation speed, tokens per second
 * @param contextSize tokens of context; a longer prompt is refused as llama-server refuses it
 */
record DemoModel(String name, double promptTps, double genTps, int contextSize) {

  static final DemoModel CODER = new DemoModel("qwen2.5-coder-7b-instruct-q4_k_m", 1400, 42, 8192);
  static final DemoModel SMALL = new DemoModel("llama-3.2-3b-instruct-q8_0", 2600, 58, 8192);

  static DemoModel named(String name) {
    return name != null && name.equals(SMALL.name) ? SMALL : CODER;
  }
}
