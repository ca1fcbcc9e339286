package dev.tokentap.app;

/** Entry point of {@code java -jar tokentap.jar}. */
public final class Launcher {
  private Launcher() {}

  public static void main(String[] args) {
    System.out.println("TokenTap");
  }
}
