package io.mcpbot.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcpbot.core.agent.ApprovalDecision;
import io.mcpbot.core.agent.ToolApproval;
import java.io.PrintStream;
import java.util.Locale;
import java.util.function.Function;

/**
 * {@code mcpbot chat}'s approval card: shows the tool, its server and the (masked) arguments on
 * stderr and reads y (approve), a (always allow this tool) or n (deny) from the chat's input. The
 * terminal waits for an answer (it is the user's own session; APPROVAL_TIMEOUT applies in Slack);
 * end of input denies. Questions from parallel tool calls are asked one at a time. Thread-safe.
 */
record TerminalApproval(TerminalPrompt terminal)
    implements Function<ToolApproval, ApprovalDecision> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public synchronized ApprovalDecision apply(ToolApproval r) {
    PrintStream err = terminal.err();
    err.println();
    err.println(
        "Approval needed: "
            + r.server()
            + "."
            + r.tool()
            + (r.destructive() ? " may change or delete things." : " may change things."));
    err.println("Arguments: " + arguments(r));
    while (true) {
      String line = terminal.ask("Run it? [y]es / [a]lways allow this tool / [n]o: ");
      if (line == null) {
        err.println();
        return ApprovalDecision.DENY;
      }
      switch (line.strip().toLowerCase(Locale.ROOT)) {
        case "y", "yes" -> {
          return ApprovalDecision.APPROVE;
        }
        case "a", "always" -> {
          return ApprovalDecision.ALWAYS_ALLOW;
        }
        case "n", "no" -> {
          return ApprovalDecision.DENY;
        }
        default -> err.println("Please answer y, a or n.");
      }
    }
  }

  private static String arguments(ToolApproval r) {
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(r.arguments());
    } catch (JsonProcessingException e) {
      return r.arguments().toString();
    }
  }
}
