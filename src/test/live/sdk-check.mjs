// The official OpenAI and Anthropic JavaScript SDKs (retries off), 24 calls: chat, completions and
// messages, streamed and not, in turn. Run by sdk-check.sh with the base URL to test.
import OpenAI from "openai";
import Anthropic from "@anthropic-ai/sdk";
const base = process.argv[2];
const label = process.argv[3] ?? base;
const oa = new OpenAI({ baseURL: base + "/v1", apiKey: "sk-test", maxRetries: 0 });
const an = new Anthropic({ baseURL: base, apiKey: "sk-ant-test", maxRetries: 0 });
let ok = 0, failed = 0;
async function step(name, fn) {
  try { await fn(); ok++; } catch (e) { failed++; console.log("FAIL", name, e.status ?? "", String(e.message).slice(0, 120)); }
}
for (let i = 0; i < 4; i++) {
  await step("chat stream", async () => { const s = await oa.chat.completions.create({ model: "tiny", messages: [{ role: "user", content: "hi " + i }], max_tokens: 8, stream: true }); for await (const c of s) {} });
  await step("chat", () => oa.chat.completions.create({ model: "tiny", messages: [{ role: "user", content: "hi " + i }], max_tokens: 8 }));
  await step("completions stream", async () => { const s = await oa.completions.create({ model: "tiny", prompt: "hello " + i, max_tokens: 8, stream: true }); for await (const c of s) {} });
  await step("completions", () => oa.completions.create({ model: "tiny", prompt: "hello " + i, max_tokens: 8 }));
  await step("messages stream", async () => { const s = await an.messages.create({ model: "tiny", max_tokens: 8, messages: [{ role: "user", content: "hi " + i }], stream: true }); for await (const e of s) {} });
  await step("messages", () => an.messages.create({ model: "tiny", max_tokens: 8, messages: [{ role: "user", content: "hi " + i }] }));
}
console.log(`${label}: ${ok} of ${ok + failed} calls succeeded`);
