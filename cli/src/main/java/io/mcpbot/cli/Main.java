package io.mcpbot.cli;

/** Entry point of the {@code mcpbot} command line. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.out.println("mcpbot");
  }
}
