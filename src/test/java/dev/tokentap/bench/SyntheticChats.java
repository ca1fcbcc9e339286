package dev.tokentap.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Chat requests and answers as an agent-like client sends and gets them, for {@link
 * SearchBenchmark}: one of 30 system prompts, 0 to 3 earlier turns, a question; an answer of 40 to
 * 160 words, streamed as SSE (a chunk per word) for odd ids. Words are drawn Zipf-like (rank r
 * about 1/r as often) from 150 common English words and 20,000 made-up ones. Seeded: the same ids
 * give the same bodies. {@link #RARE} is in the question of ids 7, 100,007, ...; {@link #PHRASE} in
 * one of 1,000.
 */
final class SyntheticChats {

  static final String RARE = "xylophonist";
  static final String PHRASE = "lighthouse keeper";
  static final String COMMON = "because";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String[] COMMON_WORDS =
      ("the of and to a in is it you that he was for on are with as I his they be at one have"
              + " this from or had by hot word but what some we can out other were all there when"
              + " up use your how said an each she which do their time if will way about many then"
              + " them write would like so these her long make thing see him two has look more day"
              + " could go come did number sound no most people my over know water than call first"
              + " who may down side been now find any new work part take get place made live where"
              + " after back little only round man year came show every good me give our under name"
              + " very through just form sentence great think say help low line differ turn cause"
              + " much mean before move right because old too same tell does set three want air well"
              + " also play small end put home read hand port large spell add even land here must")
          .split(" ");
  private static final String[] SYLLABLES =
      "ka ro tel man dis pre sto ver lin que bra fo nu ti gal per shen mor vic ax del pho sar ium"
          .split(" ");

  private final SplittableRandom random = new SplittableRandom(42);
  private final String[] vocabulary;
  private final String[] systemPrompts = new String[30];

  SyntheticChats() {
    List<String> words = new ArrayList<>(Arrays.asList(COMMON_WORDS));
    SplittableRandom r = new SplittableRandom(7);
    while (words.size() < COMMON_WORDS.length + 20_000) {
      StringBuilder w = new StringBuilder();
      int n = 2 + r.nextInt(3);
      for (int i = 0; i < n; i++) {
        w.append(SYLLABLES[r.nextInt(SYLLABLES.length)]);
      }
      words.add(w.toString());
    }
    vocabulary = words.toArray(String[]::new);
    for (int i = 0; i < systemPrompts.length; i++) {
      systemPrompts[i] = "You are a helpful assistant. " + sentences(40 + random.nextInt(40));
    }
  }

  /** {@code n} words, Zipf-like (rank r drawn about 1/r as often), in sentences. */
  private String sentences(int n) {
    StringBuilder b = new StringBuilder();
    int inSentence = 0;
    for (int i = 0; i < n; i++) {
      double u = random.nextDouble();
      int rank = (int) Math.floor(Math.pow(vocabulary.length + 1.0, u)) - 1;
      String w = vocabulary[Math.min(rank, vocabulary.length - 1)];
      if (inSentence == 0) {
        w = Character.toUpperCase(w.charAt(0)) + w.substring(1);
      }
      b.append(w);
      inSentence++;
      if (inSentence > 8 && random.nextInt(8) == 0 || i == n - 1) {
        b.append(". ");
        inSentence = 0;
      } else {
        b.append(random.nextInt(12) == 0 ? ", " : " ");
      }
    }
    return b.toString().strip();
  }

  byte[] request(long id) {
    ObjectNode req = JSON.createObjectNode().put("model", id % 2 == 1 ? "tiny" : "big");
    ArrayNode messages = req.putArray("messages");
    messages
        .addObject()
        .put("role", "system")
        .put("content", systemPrompts[random.nextInt(systemPrompts.length)]);
    int turns = random.nextInt(4);
    for (int t = 0; t < turns; t++) {
      messages.addObject().put("role", "user").put("content", sentences(15 + random.nextInt(30)));
      messages
          .addObject()
          .put("role", "assistant")
          .put("content", sentences(20 + random.nextInt(40)));
    }
    String question = sentences(15 + random.nextInt(50));
    if (id % 100_000 == 7) {
      question = question + " Ask the " + RARE + " about it.";
    }
    if (id % 1_000 == 3) {
      question = "The " + PHRASE + " said: " + question;
    }
    messages.addObject().put("role", "user").put("content", question);
    req.put("max_tokens", 512).put("temperature", 0.7);
    if (id % 2 == 1) {
      req.put("stream", true);
    }
    return req.toString().getBytes(StandardCharsets.UTF_8);
  }

  byte[] response(long id) {
    String answer = sentences(40 + random.nextInt(120));
    if (id % 2 == 0) {
      ObjectNode res = JSON.createObjectNode().put("id", "chatcmpl-" + id);
      res.put("object", "chat.completion").put("model", "big");
      res.putArray("choices")
          .addObject()
          .put("index", 0)
          .put("finish_reason", "stop")
          .putObject("message")
          .put("role", "assistant")
          .put("content", answer);
      res.putObject("usage").put("prompt_tokens", 300).put("completion_tokens", 120);
      return res.toString().getBytes(StandardCharsets.UTF_8);
    }
    StringBuilder sse = new StringBuilder();
    String[] words = answer.split(" ");
    for (int i = 0; i < words.length; i++) {
      ObjectNode chunk = JSON.createObjectNode().put("id", "chatcmpl-" + id);
      chunk.put("object", "chat.completion.chunk").put("created", 1795860000).put("model", "tiny");
      chunk
          .putArray("choices")
          .addObject()
          .put("index", 0)
          .putNull("finish_reason")
          .putObject("delta")
          .put("content", (i == 0 ? "" : " ") + words[i]);
      sse.append("data: ").append(chunk).append("\n\n");
    }
    sse.append("data: [DONE]\n\n");
    return sse.toString().getBytes(StandardCharsets.UTF_8);
  }
}
