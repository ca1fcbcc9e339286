package dev.tokentap.app;

/**
 * Walks command-line arguments one flag at a time: {@code --name value} and {@code --name=value}
 * read the same, and a flag without its value is a usage error.
 */
final class Flags {

  private final String[] args;
  private final String prefix; // "export: " in messages of the export command
  private int i;
  private String arg;
  private String name;
  private String inline;

  Flags(String[] args, int first, String prefix) {
    this.args = args;
    this.i = first - 1;
    this.prefix = prefix;
  }

  /** Moves to the next argument; false when there is none. */
  boolean next() {
    if (++i >= args.length) {
      return false;
    }
    arg = args[i];
    name = nameOf(arg);
    inline = name.equals(arg) ? null : arg.substring(name.length() + 1);
    return true;
  }

  /** The flag's name, without any {@code =value}. */
  String name() {
    return name;
  }

  /** The argument as given. */
  String arg() {
    return arg;
  }

  /** The flag's value: after {@code =}, else the next argument (which is then used up). */
  String value() throws CommandLine.UsageException {
    if (inline != null) {
      return inline;
    }
    if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
      throw new CommandLine.UsageException(prefix + name + " needs a value");
    }
    return args[++i];
  }

  /** True, for a switch; a usage error when it was given a value. */
  boolean on() throws CommandLine.UsageException {
    if (inline != null) {
      throw new CommandLine.UsageException(prefix + name + " takes no value");
    }
    return true;
  }

  /** {@code --listen} for {@code --listen=X}; other arguments as they are. */
  static String nameOf(String arg) {
    int eq = arg.indexOf('=');
    return arg.startsWith("--") && eq > 0 ? arg.substring(0, eq) : arg;
  }
}
