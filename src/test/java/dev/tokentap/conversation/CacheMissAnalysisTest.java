package dev.tokentap.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokentap.endpoint.PromptPart;
import dev.tokentap.model.Turn;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class CacheMissAnalysisTest {

  private static final String SYSTEM =
      "You are a careful assistant. The time is 12:04. " + "Follow the house rules. ".repeat(40);

  private static PromptPart p(String role, String text) {
    return new PromptPart(role, text);
  }

  private static final List<PromptPart> TURN1 = List.of(p("system", SYSTEM), p("user", "hello"));
  private static final PromptPart ANSWER1 = p("assistant", "Hi, how can I help?");

  private static List<PromptPart> turn2(String system) {
    return List.of(p("system", system), p("user", "hello"), ANSWER1, p("user", "a question"));
  }

  @Test
  void aTurnThatReusedThePreviousPromptIsNotFlagged() {
    CacheMissAnalysis.Result r =
        CacheMissAnalysis.analyse(TURN1, ANSWER1, turn2(SYSTEM), 300L, 290L);
    assertThat(r.verdict()).isEmpty();
    assertThat(r.change()).isNull();
    assertThat(r.newTokens()).isBetween(1L, 15L);
    assertThat(r.couldReuse()).isEqualTo(300L - r.newTokens());
  }

  @Test
  void aChangedSystemPromptIsNamedWithItsOffsetAndExcerpts() {
    String changed = SYSTEM.replace("12:04", "12:05");
    CacheMissAnalysis.Result r =
        CacheMissAnalysis.analyse(TURN1, ANSWER1, turn2(changed), 300L, 10L);
    assertThat(r.verdict()).isEqualTo(Turn.PROMPT_CHANGED);
    PromptChange c = r.change();
    assertThat(c.message()).isZero();
    assertThat(c.role()).isEqualTo("system");
    assertThat(c.offset()).isEqualTo(SYSTEM.indexOf("12:04") + 4);
    assertThat(c.before()).contains("12:04").doesNotContain("12:05");
    assertThat(c.after()).contains("12:05");
    assertThat(r.lostTokens()).isGreaterThan(250L);
    assertThat(CacheMissAnalysis.note(r, 1000.0))
        .startsWith("Message 0 (system) changed at character 45: \"")
        .contains("12:04")
        .contains("→")
        .endsWith("prompt tokens processed again (287 ms)");
  }

  @Test
  void aChangedToolListIsNamedAsTheToolList() {
    List<PromptPart> before = List.of(p("tools", "[a,b]"), p("user", "hello"));
    List<PromptPart> now =
        List.of(p("tools", "[b,a]"), p("user", "hello"), ANSWER1, p("user", "more"));
    PromptChange c = CacheMissAnalysis.firstChange(before, now);
    assertThat(c.where()).isEqualTo("The tool list");
    assertThat(c.offset()).isEqualTo(1);
  }

  @Test
  void aMessageIndexSkipsTheToolList() {
    List<PromptPart> before = List.of(p("tools", "[a]"), p("system", "x1"), p("user", "hi"));
    List<PromptPart> now = List.of(p("tools", "[a]"), p("system", "x2"), p("user", "hi"));
    assertThat(CacheMissAnalysis.firstChange(before, now).where()).isEqualTo("Message 0 (system)");
  }

  @Test
  void anExtendedPromptTheServerDidNotReuseIsNotReused() {
    CacheMissAnalysis.Result r = CacheMissAnalysis.analyse(TURN1, ANSWER1, turn2(SYSTEM), 300L, 0L);
    assertThat(r.verdict()).isEqualTo(Turn.NOT_REUSED);
    assertThat(r.change()).isNull();
  }

  @Test
  void withoutACachedCountThereIsNoVerdict() {
    String changed = SYSTEM.replace("12:04", "12:05");
    CacheMissAnalysis.Result r =
        CacheMissAnalysis.analyse(TURN1, ANSWER1, turn2(changed), 300L, null);
    assertThat(r.verdict()).isEmpty();
    assertThat(r.lostTokens()).isNull();
    assertThat(r.change()).isNotNull();
  }

  @Test
  void aChangeNearTheEndCostsLittleAndIsNotFlagged() {
    String changed = SYSTEM.substring(0, SYSTEM.length() - 3) + "XX ";
    // the server reused all but the last few tokens of the system prompt
    CacheMissAnalysis.Result r =
        CacheMissAnalysis.analyse(TURN1, ANSWER1, turn2(changed), 300L, 275L);
    assertThat(r.change()).isNotNull();
    assertThat(r.verdict()).isEmpty();
  }

  @Test
  void excerptsAreShortAndMarkTheirCuts() {
    String text = "a".repeat(100) + "X" + "b".repeat(100);
    String e = CacheMissAnalysis.excerpt(text, 100);
    assertThat(e).startsWith("…").endsWith("…").contains("X");
    assertThat(e.length()).isEqualTo(CacheMissAnalysis.EXCERPT + 2);
    assertThat(CacheMissAnalysis.excerpt("short", 2)).isEqualTo("short");
  }

  /** A prompt that extends the previous one exactly is never prompt_changed. */
  @Property
  void anExactExtensionIsNeverPromptChanged(
      @ForAll @StringLength(max = 300) String system,
      @ForAll @StringLength(max = 200) String answer,
      @ForAll @StringLength(max = 200) String next,
      @ForAll @IntRange(min = 1, max = 100_000) int prompt,
      @ForAll @IntRange(min = 0, max = 100_000) int cached) {
    List<PromptPart> before = List.of(p("system", system), p("user", "q"));
    List<PromptPart> now = new ArrayList<>(before);
    now.add(p("assistant", answer));
    now.add(p("user", next));
    CacheMissAnalysis.Result r =
        CacheMissAnalysis.analyse(
            before, p("assistant", answer), now, (long) prompt, (long) cached);
    assertThat(r.verdict()).isNotEqualTo(Turn.PROMPT_CHANGED);
    assertThat(r.change()).isNull();
    assertThat(r.lostTokens()).isBetween(0L, (long) prompt);
  }

  /** One changed character anywhere is found exactly where it is. */
  @Property
  void oneChangedCharacterIsFoundWhereItIs(
      @ForAll @StringLength(min = 1, max = 300) String system,
      @ForAll @IntRange(max = 299) int at) {
    int i = at % system.length();
    char c = system.charAt(i) == 'Z' ? 'Y' : 'Z';
    if (Character.isSurrogate(system.charAt(i))) {
      return;
    }
    String changed = system.substring(0, i) + c + system.substring(i + 1);
    List<PromptPart> before = List.of(p("system", system), p("user", "q"));
    List<PromptPart> now = List.of(p("system", changed), p("user", "q"), ANSWER1, p("user", "n"));
    PromptChange change = CacheMissAnalysis.firstChange(before, now);
    assertThat(change.part()).isZero();
    assertThat(change.offset()).isEqualTo(i);
    assertThat(change.after()).contains(String.valueOf(c));
  }

  /** The flag follows the one rule: re-processed beyond the new part and the slack. */
  @Property
  void flaggedExactlyWhenReprocessedBeyondTheNewPartAndSlack(
      @ForAll @IntRange(min = 1, max = 50_000) int prompt,
      @ForAll @IntRange(min = 0, max = 50_000) int cached) {
    CacheMissAnalysis.Result r =
        CacheMissAnalysis.analyse(TURN1, ANSWER1, turn2(SYSTEM), (long) prompt, (long) cached);
    long reprocessed = prompt - Math.min(cached, prompt);
    assertThat(r.flagged())
        .isEqualTo(reprocessed > r.newTokens() + CacheMissAnalysis.slack(prompt));
  }
}
