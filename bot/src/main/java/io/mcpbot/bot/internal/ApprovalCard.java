package io.mcpbot.bot.internal;

import static com.slack.api.model.block.Blocks.actions;
import static com.slack.api.model.block.Blocks.context;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.element.ButtonElement;
import io.mcpbot.bot.SlackMarkdown;
import io.mcpbot.core.agent.ApprovalDecision;
import io.mcpbot.core.agent.ToolApproval;
import java.util.List;

/**
 * The Block Kit of an approval card: the question with the tool, its server and the (masked, cut)
 * arguments and three buttons, and the same card after the decision, without buttons. Stateless.
 */
final class ApprovalCard {
  static final String APPROVE = "approval_approve";
  static final String ALWAYS = "approval_always";
  static final String DENY = "approval_deny";
  static final List<String> ACTIONS = List.of(APPROVE, ALWAYS, DENY);

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_ARGUMENT_CHARS = 2500;

  private ApprovalCard() {}

  static String question(ToolApproval r) {
    return ":raised_hand: <@"
        + r.slackUserId()
        + ">, may I run "
        + name(r)
        + "? "
        + (r.destructive() ? "It may change or delete things." : "It may change things.")
        + " Nothing runs until you decide.";
  }

  static List<LayoutBlock> blocks(ToolApproval r) {
    return List.of(
        section(s -> s.text(markdownText(question(r)))),
        section(s -> s.text(markdownText(arguments(r)))),
        actions(
            a ->
                a.blockId("approval")
                    .elements(
                        List.of(
                            button(APPROVE, "Approve", r.id(), "primary"),
                            button(ALWAYS, "Always allow this tool", r.id(), null),
                            button(DENY, "Deny", r.id(), "danger")))),
        context(
            c ->
                c.elements(
                    List.of(
                        markdownText(
                            "Only <@"
                                + r.slackUserId()
                                + "> can decide. No answer within "
                                + BotTexts.human(r.timeout())
                                + " counts as Deny.")))));
  }

  /** The card once decided: what was asked and what happened, no buttons. */
  static List<LayoutBlock> decided(ToolApproval r, ApprovalDecision d) {
    return List.of(
        section(s -> s.text(markdownText(outcome(r, d)))),
        section(s -> s.text(markdownText(arguments(r)))));
  }

  static String outcome(ToolApproval r, ApprovalDecision d) {
    return switch (d) {
      case APPROVE -> ":white_check_mark: <@" + r.slackUserId() + "> approved " + name(r) + ".";
      case ALWAYS_ALLOW ->
          ":white_check_mark: <@"
              + r.slackUserId()
              + "> approved "
              + name(r)
              + " and always allows it from now on (until the tool changes).";
      case DENY ->
          ":no_entry_sign: <@" + r.slackUserId() + "> denied " + name(r) + ". It did not run.";
      case NO_ANSWER, CANNOT_ASK ->
          ":hourglass: No decision within "
              + BotTexts.human(r.timeout())
              + ": "
              + name(r)
              + " did not run.";
    };
  }

  static String refusal(String requester) {
    return "Only <@" + requester + "> can decide on this request: it is their conversation.";
  }

  private static String name(ToolApproval r) {
    return "`"
        + SlackMarkdown.escape(r.tool())
        + "` from *"
        + SlackMarkdown.escape(r.server())
        + "*";
  }

  static String arguments(ToolApproval r) {
    String json;
    try {
      json =
          r.arguments().isEmpty()
              ? "(no arguments)"
              : JSON.writerWithDefaultPrettyPrinter().writeValueAsString(r.arguments());
    } catch (JsonProcessingException e) {
      json = r.arguments().toString();
    }
    if (json.length() > MAX_ARGUMENT_CHARS) {
      json = json.substring(0, MAX_ARGUMENT_CHARS) + "\n… (cut)";
    }
    // a ``` inside a value would end the code block early
    return "*Arguments*\n```" + json.replace("```", "'''") + "```";
  }

  private static ButtonElement button(String action, String text, String id, String style) {
    return ButtonElement.builder()
        .actionId(action)
        .text(plainText(text))
        .value(id)
        .style(style)
        .build();
  }
}
