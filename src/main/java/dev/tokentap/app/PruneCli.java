package dev.tokentap.app;

import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParseResult;

/** {@code tokentap prune}: apply the retention limits now. */
@CommandLine.Command(
    name = "prune",
    synopsisHeading = "Prune: ",
    descriptionHeading = "%n",
    description = {
      "Deletes now what the retention limits do not keep and gives the space back.",
      "The flags override the config file, $XDG_CONFIG_HOME/tokentap/config.json,",
      "else ~/.config/tokentap/config.json. Takes the data dir's lock: not while",
      "TokenTap runs on it (it prunes by itself).%n"
    },
    sortOptions = false,
    sortSynopsis = false)
final class PruneCli implements CliCommand {

  @Mixin DataDirOption dataDir;

  @Mixin RetentionOptions retention;

  @Mixin HelpOption help;

  @Override
  public Command command(ParseResult parsed, Map<String, String> env) {
    return new PruneCommand(dataDir.orDefault(env), retention.config());
  }
}
