package io.mcpbot.bot.internal;

import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.element.PlainTextInputElement;
import com.slack.api.model.view.View;
import com.slack.api.model.view.ViewState;
import io.mcpbot.bot.SlackMarkdown;
import io.mcpbot.core.config.CredentialSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The credential modal: one empty input per credential, private_metadata holding only the server
 * name. Values are read back from the submission and never put into a view. Stateless.
 */
public final class CredentialModal {
  static final String BLOCK_PREFIX = "cred:";
  static final String ACTION = "value";

  private CredentialModal() {}

  static View render(String server, List<CredentialSpec> specs) {
    String intro =
        "Credentials for *"
            + SlackMarkdown.escape(server)
            + "*. They are stored encrypted and passed only to your own "
            + SlackMarkdown.escape(server)
            + " process.";
    List<LayoutBlock> inputs =
        specs.stream()
            .map(
                spec ->
                    Modals.field(
                        BLOCK_PREFIX + spec.name(),
                        spec.name(),
                        hint(spec),
                        !spec.required(),
                        PlainTextInputElement.builder().actionId(ACTION).build()))
            .toList();
    return Modals.modal(
        HomeActions.CREDENTIALS_CALLBACK,
        server,
        "Credentials: " + server,
        "Save",
        "Cancel",
        Modals.form(intro, inputs));
  }

  static String hint(CredentialSpec spec) {
    String hint = spec.description().strip();
    if (spec.validationRegex() != null) {
      hint += (hint.isEmpty() ? "" : " ") + "(format: " + spec.validationRegex().pattern() + ")";
    }
    return HomeView.cut(hint, 2000);
  }

  /** The submitted values by credential name; blank inputs are left out. */
  static Map<String, String> values(Map<String, Map<String, ViewState.Value>> state) {
    Map<String, String> out = new LinkedHashMap<>();
    if (state == null) {
      return out;
    }
    state.forEach(
        (blockId, actions) -> {
          ViewState.Value v = actions == null ? null : actions.get(ACTION);
          if (blockId.startsWith(BLOCK_PREFIX)
              && v != null
              && v.getValue() != null
              && !v.getValue().isBlank()) {
            out.put(blockId.substring(BLOCK_PREFIX.length()), v.getValue().strip());
          }
        });
    return out;
  }

  /** Maps messages by credential name to Slack's errors by block id (unknown names go first). */
  static Map<String, String> errors(Map<String, String> byName, Iterable<String> blockIds) {
    Map<String, String> out = new LinkedHashMap<>();
    String first = null;
    for (String id : blockIds) {
      if (first == null && id.startsWith(BLOCK_PREFIX)) {
        first = id;
      }
    }
    for (var e : byName.entrySet()) {
      String id = BLOCK_PREFIX + e.getKey();
      boolean known = false;
      for (String b : blockIds) {
        known |= b.equals(id);
      }
      String key = known ? id : first;
      if (key != null) {
        out.merge(key, HomeView.cut(e.getValue(), 150), (a, b) -> a + "; " + b);
      }
    }
    return out;
  }
}
