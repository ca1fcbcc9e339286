package dev.tokentap.app;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParseResult;

/** {@code tokentap replay ID}: send a recorded request again, record and compare the answer. */
@CommandLine.Command(
    name = "replay",
    synopsisHeading = "Replay: ",
    descriptionHeading = "%n",
    description = {
      "Sends the request of recorded exchange ID again (as captured, or with another",
      "model, body or upstream), records the answer as a new exchange whose replay_of",
      "is ID, and prints both exchanges' figures side by side. Captures are redacted:",
      "a body holding [REDACTED] is refused (give a corrected one with --body).",
      "Takes the data dir's lock: while TokenTap runs on it, replay from its window",
      "(inspector, Replay...) instead; nothing is sent then.%n"
    },
    footerHeading = "%n",
    footer = {
      "The API key, if the server wants one, is never a command-line argument (other",
      "users can read those in ps): it is read from the environment variable",
      ReplayRunner.KEY_VARIABLE + ", or from the file --api-key-file names, sent as",
      "Authorization: Bearer, and never stored (the recorded header is redacted).",
      "Exit codes: 0 the replay got a 2xx answer, 1 it failed (a failed replay is",
      "still recorded and its id printed) or could not be sent, 2 a malformed command."
    },
    sortOptions = false,
    sortSynopsis = false)
final class ReplayCli implements CliCommand {

  @Parameters(index = "0", paramLabel = "ID", description = "the recorded exchange to send again")
  long id;

  @Option(
      names = "--upstream",
      paramLabel = "URL",
      converter = OptionValues.Upstream.class,
      description = {"send it to this model server", "(default: where the original went)"})
  URI upstream;

  @Option(
      names = "--model",
      paramLabel = "NAME",
      description = {"ask for this model: the body's \"model\"", "is rewritten"})
  String model;

  @Option(
      names = "--body",
      paramLabel = "FILE",
      description = {"send this JSON body instead of the", "captured one (edited)"})
  Path body;

  @Option(
      names = "--api-key-file",
      paramLabel = "FILE",
      description = {
        "read the API key from FILE (default: the",
        "environment variable " + ReplayRunner.KEY_VARIABLE + ")"
      })
  Path keyFile;

  @Mixin DataDirOption dataDir;

  @Mixin HelpOption help;

  @Override
  public Command command(ParseResult parsed, Map<String, String> env) throws UsageException {
    if (id <= 0) {
      throw new UsageException("ID is an exchange id: a whole number from 1");
    }
    if (model != null && model.isBlank()) {
      throw new UsageException("--model needs a name");
    }
    return new ReplayCommand(dataDir.orDefault(env), id, upstream, model, body, keyFile);
  }

  @Override
  public String messagePrefix() {
    return "replay: ";
  }
}
