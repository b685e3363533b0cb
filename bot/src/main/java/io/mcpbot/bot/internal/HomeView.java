package io.mcpbot.bot.internal;

import static com.slack.api.model.block.Blocks.actions;
import static com.slack.api.model.block.Blocks.context;
import static com.slack.api.model.block.Blocks.divider;
import static com.slack.api.model.block.Blocks.header;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;

import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.composition.ConfirmationDialogObject;
import com.slack.api.model.block.composition.OptionObject;
import com.slack.api.model.block.element.BlockElement;
import com.slack.api.model.block.element.ButtonElement;
import com.slack.api.model.block.element.OverflowMenuElement;
import com.slack.api.model.view.View;
import io.mcpbot.bot.SlackMarkdown;
import io.mcpbot.bot.internal.HomePage.Row;
import io.mcpbot.core.oauth.OAuthConnections;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Renders the App Home within Slack's 100-block limit: two blocks per server while they fit, then
 * one (actions in an overflow menu), then the enabled servers first and a note on the rest.
 * Stateless.
 */
final class HomeView {
  static final int MAX_BLOCKS = 100;

  /**
   * One button: its action id, label, whether it is the primary or dangerous one, and the URL it
   * opens (null: a plain action).
   */
  record Action(String id, String label, String style, URI url) {
    Action(String id, String label, String style) {
      this(id, label, style, null);
    }
  }

  private HomeView() {}

  /** The Home a user who may not use the bot sees: no servers, no buttons, just why. */
  static View unavailable(String why) {
    return View.builder()
        .type("home")
        .blocks(
            List.of(
                header(h -> h.text(plainText("mcpbot"))), section(s -> s.text(markdownText(why)))))
        .build();
  }

  static View render(HomePage state) {
    List<LayoutBlock> blocks = new ArrayList<>();
    blocks.add(header(h -> h.text(plainText("mcpbot"))));
    blocks.add(
        section(
            s ->
                s.text(
                    markdownText(
                        "Hi! Ask me anything in a direct message, or mention me in a channel. I"
                            + " answer with the tools you enable below. Credentials you give are"
                            + " stored encrypted and reach only your own tool processes."))));
    blocks.add(
        section(
            s ->
                s.text(
                    markdownText(
                        state.elsewhere()
                            ? ELSEWHERE
                            : activeTools(state.activeTools(), state.toolsStarting())))));
    blocks.add(divider());
    List<Row> servers = state.servers();
    int room = MAX_BLOCKS - blocks.size();
    if (servers.isEmpty()) {
      blocks.add(
          section(s -> s.text(markdownText("No tools are configured yet. Ask your admin."))));
    } else if (2 * servers.size() <= room) {
      for (int i = 0; i < servers.size(); i++) {
        Row e = servers.get(i);
        blocks.add(section(s -> s.text(markdownText(fullText(e)))));
        int index = i;
        List<BlockElement> buttons = new ArrayList<>();
        for (Action a : buttonsFor(e)) {
          buttons.add(button(a, e.name()));
        }
        blocks.add(actions(a -> a.blockId("server:" + index).elements(buttons)));
      }
    } else {
      List<Row> shown = servers;
      int hidden = 0;
      if (servers.size() > room) {
        shown =
            servers.stream()
                .sorted(Comparator.comparingInt(HomeView::priority))
                .limit(room - 1)
                .toList();
        hidden = servers.size() - shown.size();
      }
      for (int i = 0; i < shown.size(); i++) {
        Row e = shown.get(i);
        int index = i;
        blocks.add(
            section(
                s ->
                    s.blockId("server:" + index)
                        .text(markdownText(compactText(e)))
                        .accessory(accessory(e))));
      }
      if (hidden > 0) {
        int n = hidden;
        blocks.add(
            context(
                c ->
                    c.elements(
                        List.of(
                            markdownText(
                                "…and "
                                    + n
                                    + " more servers not shown (Slack shows at most 100 blocks)."
                                    + " Your enabled servers are listed first.")))));
      }
    }
    return View.builder().type("home").blocks(blocks).build();
  }

  static List<Action> buttonsFor(Row e) {
    List<Action> out = new ArrayList<>();
    boolean hasSpecs = !e.credentials().isEmpty();
    if (e.needsCredentials()) {
      out.add(new Action(HomeActions.ENABLE_WITH_CREDENTIALS, "Enable", "primary"));
    } else if (e.on()) {
      out.add(new Action(HomeActions.DISABLE, "Disable", null));
    } else {
      out.add(
          new Action(
              needsModal(e) ? HomeActions.ENABLE_WITH_CREDENTIALS : HomeActions.ENABLE,
              "Enable",
              "primary"));
    }
    if (hasSpecs && !e.needsCredentials()) {
      out.add(new Action(HomeActions.UPDATE, "Update credentials", null));
    }
    if (e.credentialsStored()) {
      out.add(new Action(HomeActions.REMOVE, "Remove credentials", "danger"));
    }
    if (e.oauth() != null) {
      out.addAll(oauthButtons(e));
    }
    return out;
  }

  // Connect and Reconnect open the signed start URL; without PUBLIC_URL they explain instead.
  private static List<Action> oauthButtons(Row e) {
    List<Action> out = new ArrayList<>();
    String connect =
        switch (e.oauth()) {
          case NOT_CONNECTED -> "Connect";
          case NEEDS_RECONNECT, CONNECTED -> "Reconnect";
          case NOT_REQUIRED -> null;
        };
    if (e.oauth() != OAuthConnections.Status.CONNECTED) {
      out.add(
          e.connectUrl() == null
              ? new Action(HomeActions.CONNECT_UNAVAILABLE, connect, "primary")
              : new Action(HomeActions.CONNECT, connect, "primary", e.connectUrl()));
    }
    if (e.oauth() != OAuthConnections.Status.NOT_CONNECTED) {
      out.add(new Action(HomeActions.DISCONNECT, "Disconnect", "danger"));
    }
    return out;
  }

  static String oauthLabel(Row e) {
    if (e.oauth() == null) {
      return "";
    }
    return switch (e.oauth()) {
      case CONNECTED -> ":link: Connected to your account";
      case NOT_CONNECTED -> ":link: Connect your account to use it";
      case NEEDS_RECONNECT -> ":warning: Your connection expired or was revoked: reconnect";
      case NOT_REQUIRED -> "";
    };
  }

  private static boolean needsModal(Row e) {
    return !e.credentialsStored() && e.credentials().stream().anyMatch(c -> c.required());
  }

  private static int priority(Row e) {
    return e.on() ? 0 : 1;
  }

  private static ButtonElement button(Action a, String server) {
    return ButtonElement.builder()
        .actionId(a.id())
        .text(plainText(a.label()))
        .value(server)
        .url(a.url() == null ? null : a.url().toString())
        .style(a.style())
        .confirm(confirm(a.id(), server))
        .build();
  }

  private static ConfirmationDialogObject confirm(String action, String server) {
    return switch (action) {
      case HomeActions.REMOVE -> confirmRemove(server);
      case HomeActions.DISCONNECT -> confirmDisconnect(server);
      default -> null;
    };
  }

  private static ConfirmationDialogObject confirmDisconnect(String server) {
    return ConfirmationDialogObject.builder()
        .title(plainText("Disconnect?"))
        .text(
            plainText(
                "This revokes and deletes the bot's access to your "
                    + server
                    + " account. You can connect again later."))
        .confirm(plainText("Disconnect"))
        .deny(plainText("Keep"))
        .style("danger")
        .build();
  }

  private static BlockElement accessory(Row e) {
    List<Action> actions = buttonsFor(e);
    if (actions.size() == 1) {
      return button(actions.get(0), e.name());
    }
    List<OptionObject> options = new ArrayList<>();
    for (Action a : actions) {
      options.add(
          OptionObject.builder()
              .text(plainText(a.label()))
              .value(a.id() + ":" + e.name())
              .url(a.url() == null ? null : a.url().toString())
              .build());
    }
    return OverflowMenuElement.builder().actionId(HomeActions.MENU).options(options).build();
  }

  private static ConfirmationDialogObject confirmRemove(String server) {
    return ConfirmationDialogObject.builder()
        .title(plainText("Remove credentials?"))
        .text(plainText("This deletes your stored credentials for " + server + " and disables it."))
        .confirm(plainText("Remove"))
        .deny(plainText("Keep"))
        .style("danger")
        .build();
  }

  /** The tools line while another replica of the bot runs the user's servers. */
  static final String ELSEWHERE =
      "*Your active tools:* your enabled servers are running on another replica of the bot, so"
          + " their tools are not listed here; ask me anything and they answer.";

  static String activeTools(List<String> tools, boolean starting) {
    String note =
        starting
            ? "\n_Some of your servers are still starting; this page updates when they are ready._"
            : "";
    if (tools.isEmpty()) {
      return starting
          ? "*Your active tools:* starting..." + note
          : "*Your active tools:* none yet. Enable a server below.";
    }
    StringBuilder text = new StringBuilder("*Your active tools (" + tools.size() + "):* ");
    for (int i = 0; i < tools.size(); i++) {
      String item = (i == 0 ? "" : ", ") + "`" + SlackMarkdown.escape(tools.get(i)) + "`";
      if (text.length() + item.length() > 2800) {
        text.append(" …and ").append(tools.size() - i).append(" more");
        break;
      }
      text.append(item);
    }
    return text.append(note).toString();
  }

  static String statusLabel(Row e) {
    if (e.needsCredentials()) {
      return ":key: Needs credentials";
    }
    if (!e.on()) {
      return ":white_circle: Disabled";
    }
    return e.failing() ? ":red_circle: Failing" : ":large_green_circle: Enabled";
  }

  private static String fullText(Row e) {
    StringBuilder text =
        new StringBuilder("*")
            .append(SlackMarkdown.escape(e.name()))
            .append("*  ·  ")
            .append(statusLabel(e));
    if (!e.description().isBlank()) {
      text.append('\n').append(SlackMarkdown.escape(cut(e.description(), 600)));
    }
    if (e.oauth() != null) {
      text.append('\n').append(oauthLabel(e));
    }
    if (e.failing() && !e.failure().isBlank()) {
      text.append("\n:warning: Last error: ").append(SlackMarkdown.escape(cut(e.failure(), 600)));
    }
    return text.toString();
  }

  private static String compactText(Row e) {
    String text = "*" + SlackMarkdown.escape(e.name()) + "*  ·  " + statusLabel(e);
    if (!e.description().isBlank()) {
      text += "\n" + SlackMarkdown.escape(cut(e.description(), 150));
    }
    if (e.oauth() != null) {
      text += "\n" + oauthLabel(e);
    }
    if (e.failing() && !e.failure().isBlank()) {
      text += "\n:warning: " + SlackMarkdown.escape(cut(e.failure(), 150));
    }
    return text;
  }

  static String cut(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }
}
