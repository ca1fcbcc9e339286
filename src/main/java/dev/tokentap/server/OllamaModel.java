package dev.tokentap.server;

/**
 * A model Ollama holds in memory ({@code GET /api/ps}).
 *
 * @param size bytes in memory in all
 * @param sizeVram bytes of it in VRAM
 * @param expiresAt when Ollama unloads it (as Ollama writes it), or null
 */
public record OllamaModel(String name, long size, long sizeVram, String expiresAt) {}
