package dev.tokentap.app;

import java.io.PrintStream;
import java.lang.System.Logger;
import java.text.MessageFormat;
import java.util.ResourceBundle;
import java.util.function.Supplier;

/**
 * What the recorder has to say, as one {@code tokentap: ...} line each on the terminal, like
 * TokenTap's other lines (not the JDK logger's two-line records with a stack trace). A stack trace
 * is printed only with an error that carries one: a bug, not a full disk.
 */
final class LineLogger implements Logger {

  private final PrintStream err;

  LineLogger(PrintStream err) {
    this.err = err;
  }

  @Override
  public String getName() {
    return "tokentap";
  }

  @Override
  public boolean isLoggable(Level level) {
    return level.getSeverity() >= Level.INFO.getSeverity();
  }

  @Override
  public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
    if (!isLoggable(level)) {
      return;
    }
    err.println("tokentap: " + msg);
    if (thrown != null && level == Level.ERROR) {
      thrown.printStackTrace(err);
    }
  }

  @Override
  public void log(Level level, ResourceBundle bundle, String format, Object... params) {
    if (isLoggable(level)) {
      err.println(
          "tokentap: "
              + (params == null || params.length == 0
                  ? format
                  : MessageFormat.format(format, params)));
    }
  }

  @Override
  public void log(Level level, Supplier<String> msgSupplier) {
    if (isLoggable(level)) {
      err.println("tokentap: " + msgSupplier.get());
    }
  }
}
