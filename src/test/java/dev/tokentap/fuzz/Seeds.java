package dev.tokentap.fuzz;

import dev.tokentap.testing.Fixture;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/** The recorded llama-server exchanges ({@link Fixture}) as fuzzing seeds, loaded once. */
public final class Seeds {

  private static final Map<String, Fixture> LOADED = new ConcurrentHashMap<>();

  private Seeds() {}

  /** Every fixture's name. */
  public static List<String> names() {
    return Fixture.names();
  }

  public static Fixture fixture(String name) {
    return LOADED.computeIfAbsent(name, Fixture::load);
  }

  /** Any fixture, by name (a name prints short and replays exactly). */
  public static Arbitrary<String> anyName() {
    return Arbitraries.of(names());
  }

  /** The fixtures whose response came as a stream of events. */
  public static Arbitrary<String> streamedNames() {
    return Arbitraries.of(names().stream().filter(n -> fixture(n).streamed()).toList());
  }
}
