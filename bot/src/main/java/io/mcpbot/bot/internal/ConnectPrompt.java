package io.mcpbot.bot.internal;

import static com.slack.api.model.block.Blocks.actions;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;

import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.element.ButtonElement;
import io.mcpbot.bot.ConnectLinks;
import io.mcpbot.bot.SlackMarkdown;
import io.mcpbot.core.Require;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells a user, privately, that a server needs them to connect their account, with a Connect button
 * to the signed start URL (or, without PUBLIC_URL, what the operator must set), and has their App
 * Home republished so it shows that button too. Ephemeral in channels, a normal message in DMs.
 * Thread-safe.
 */
public record ConnectPrompt(SlackApi api, ConnectLinks links, Consumer<String> refreshHome) {
  private static final Logger log = LoggerFactory.getLogger(ConnectPrompt.class);

  /** {@code refreshHome} republishes a user's App Home (returning at once). */
  public ConnectPrompt {
    Require.nonNull("api, links, refreshHome", api, links, refreshHome);
  }

  /**
   * The prompt for one turn: posts, and refreshes the Home, at most once per server however many of
   * the turn's calls meet it (tool calls may run in parallel).
   */
  BiConsumer<String, String> forTurn(String user, String channel, String threadTs) {
    Set<String> told = ConcurrentHashMap.newKeySet();
    return (server, message) -> {
      if (told.add(server)) {
        post(user, channel, threadTs, server, message);
        // the Home still shows the state from before the token expired or was revoked
        refreshHome.accept(user);
      }
    };
  }

  void post(String user, String channel, String threadTs, String server, String message) {
    Optional<URI> url = links.startUrl(user, server);
    String text = text(server, message, url.isPresent());
    List<LayoutBlock> blocks = blocks(server, text, url);
    try {
      if (channel != null && channel.startsWith("D")) {
        api.postMessage(channel, threadTs, text, blocks);
      } else {
        api.postEphemeral(channel, user, threadTs, text, blocks);
      }
    } catch (RuntimeException e) {
      log.warn("could not ask user {} to connect {}: {}", user, server, e.getMessage());
    }
  }

  // The message says why (not connected, expired, more scope) in core's words.
  static String text(String server, String message, boolean canConnect) {
    String name = "*" + SlackMarkdown.escape(server) + "*";
    String why =
        message == null || message.isBlank()
            ? ""
            : " (" + SlackMarkdown.escape(message.strip()) + ")";
    return canConnect
        ? ":link: "
            + name
            + " needs you to connect your account"
            + why
            + ". Use the button"
            + " below, then ask again."
        : ":link: "
            + name
            + " needs you to connect your account, but this bot has no public URL"
            + " for the sign-in to return to: ask your admin to set PUBLIC_URL.";
  }

  static List<LayoutBlock> blocks(String server, String text, Optional<URI> url) {
    LayoutBlock section = section(s -> s.text(markdownText(text)));
    if (url.isEmpty()) {
      return List.of(section);
    }
    ButtonElement button =
        ButtonElement.builder()
            .actionId(HomeActions.CONNECT)
            .text(plainText(HomeView.cut("Connect " + server, 75)))
            .value(server)
            .url(url.get().toString())
            .style("primary")
            .build();
    return List.of(section, actions(a -> a.elements(List.of(button))));
  }
}
