package io.mcpbot.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;

/**
 * {@code mcpbot chat}'s questions to the user: the prompt goes to stderr, the answer is the next
 * line of the chat's input. Not synchronized: its users ask one question at a time.
 *
 * @param in the chat's input, shared with the conversation
 * @param err where prompts and notes go
 */
record TerminalPrompt(BufferedReader in, PrintStream err) {
  /** Prints {@code prompt} and reads the answer; null at the end of the input (or on an error). */
  String ask(String prompt) {
    err.print(prompt);
    err.flush();
    try {
      return in.readLine();
    } catch (IOException e) {
      return null;
    }
  }
}
