package dev.tokentap.app;

import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/** {@code --data-dir DIR}, of TokenTap, {@code export} and {@code prune}. */
final class DataDirOption {
  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description = {
        "where tokentap.db lives",
        "(default $XDG_DATA_HOME/tokentap,",
        "else ~/.local/share/tokentap)"
      })
  Path dir;

  /** The one given, else the default for {@code env}. */
  Path orDefault(Map<String, String> env) {
    return dir != null ? dir : OptionValues.defaultDataDir(env);
  }
}
