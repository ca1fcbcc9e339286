package dev.tokentap.app;

/** {@code --help} or {@code --version} of some command: {@code text} goes to stdout, exit 0. */
record HelpText(String text) implements Command {}
