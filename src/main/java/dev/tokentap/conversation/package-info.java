/**
 * Conversations and why the prompt cache missed: which exchanges are turns of one conversation
 * ({@link dev.tokentap.conversation.ConversationTracker}) and, per turn, what the server could have
 * reused of its prompt and did not ({@link dev.tokentap.conversation.CacheMissAnalysis}). Pure Java
 * over {@code model} and {@code endpoint}: no database, no JavaFX.
 */
package dev.tokentap.conversation;
