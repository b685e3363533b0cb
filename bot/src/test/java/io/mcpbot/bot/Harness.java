package io.mcpbot.bot;

import io.mcpbot.bot.emulator.Ack;
import io.mcpbot.bot.emulator.ApiCall;
import io.mcpbot.bot.emulator.Events;
import io.mcpbot.bot.emulator.SlackEmulator;
import io.mcpbot.bot.emulator.SlackUser;
import io.mcpbot.core.agent.TurnInput;
import io.mcpbot.core.agent.TurnListener;
import io.mcpbot.core.agent.TurnResult;
import io.mcpbot.core.config.CredentialSpec;
import io.mcpbot.core.store.StoredCredential;
import io.mcpbot.core.store.User;
import io.mcpbot.core.store.UserProfile;
import io.mcpbot.core.testing.TestDatabases.Engine;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * The emulator, the real core on H2 (with fixture MCP servers "everything" and "github") and a real
 * SlackBot connected to each other. Turns are answered by {@link #answerer}, a scripted {@link
 * io.mcpbot.core.agent.TurnRunner} that records its inputs.
 */
final class Harness implements AutoCloseable {
  static final Duration WAIT = Duration.ofSeconds(20);
  static final String ALICE = "U0ALICE01";
  static final String BOB = "U0BOB0001";
  static final CredentialSpec GITHUB_TOKEN =
      new CredentialSpec(
          "api_key",
          "github_token",
          "A personal access token",
          "GITHUB_TOKEN",
          true,
          Pattern.compile("ghp_[A-Za-z0-9]{8,}"));

  final SlackEmulator slack;
  final TestCore core;
  final List<TurnInput> turns = new CopyOnWriteArrayList<>();
  volatile BiFunction<TurnInput, TurnListener, String> answerer =
      (input, listener) -> "You said: " + input.text();
  final SlackBot bot;

  Harness() throws Exception {
    this(c -> c);
  }

  Harness(UnaryOperator<BotConfig.Builder> tweak) throws Exception {
    core =
        new TestCore(
            Engine.H2,
            TestCore.server("everything", "Echo and friends"),
            TestCore.server("github", "GitHub issues and pull requests", GITHUB_TOKEN));
    slack = SlackEmulator.start();
    slack.addUser(new SlackUser(ALICE, "alice", "Alice Liddell", "alice", "alice@example.com"));
    slack.addUser(new SlackUser(BOB, "bob", "Bob Builder", "bob", "bob@example.com"));
    BotConfig config =
        tweak
            .apply(
                BotConfig.builder(SlackEmulator.BOT_TOKEN, SlackEmulator.APP_TOKEN)
                    .apiUrl(URI.create(slack.apiUrl()))
                    .pacing(Duration.ZERO, WAIT))
            .build();
    bot =
        new SlackBot(
            config,
            core.services(
                (input, listener) -> {
                  turns.add(input);
                  return new TurnResult(answerer.apply(input, listener), List.of(), 1, 0, null);
                }));
    bot.start();
  }

  static String dmChannel(String user) {
    return "D" + user.substring(1);
  }

  /** The user as stored, if the bot created them. */
  Optional<User> storedUser(String slackUserId) {
    return core.store.users().findBySlackId(slackUserId);
  }

  /** The stored profile of a user the bot created, or null when it did not create them. */
  UserProfile profile(String slackUserId) {
    return storedUser(slackUserId)
        .map(u -> new UserProfile(u.displayName(), u.realName(), u.email()))
        .orElse(null);
  }

  /** Names of the servers the user has enabled. */
  List<String> enabled(String slackUserId) {
    return storedUser(slackUserId)
        .map(u -> core.store.serverConfigs().enabledServerNames(u.id()))
        .orElse(List.of());
  }

  /** The user's stored credentials for the server, decrypted, by name. */
  Map<String, String> storedCredentials(String slackUserId, String server) {
    Map<String, String> out = new LinkedHashMap<>();
    Optional<User> user = storedUser(slackUserId);
    if (user.isPresent()) {
      long serverId = core.store.servers().findByName(server).orElseThrow().id();
      for (StoredCredential c : core.store.credentials().findAll(user.get().id(), serverId)) {
        out.put(c.name(), core.keys.decrypt(c.encryptedValue()));
      }
    }
    return out;
  }

  /** Sends a top-level DM; returns its ts. */
  String dm(String user, String text) {
    String ts = slack.nextTs();
    slack.sendEvent(Events.dm(user, dmChannel(user), text, ts, null), slack.newEventId(), 0);
    return ts;
  }

  /** Sends an event and waits for its ack. */
  Ack deliver(com.fasterxml.jackson.databind.node.ObjectNode event) throws InterruptedException {
    return slack.awaitAck(slack.sendEvent(event, slack.newEventId(), 0), WAIT);
  }

  /** Waits for the reply placeholder in a thread, then for its text to become {@code expected}. */
  ApiCall awaitAnswer(String channel, String threadTs, String expected)
      throws InterruptedException {
    slack.awaitCall(
        "chat.postMessage",
        c -> channel.equals(c.param("channel")) && threadTs.equals(c.param("thread_ts")),
        WAIT);
    return slack.awaitCall(
        "chat.update",
        c -> channel.equals(c.param("channel")) && expected.equals(c.param("text")),
        WAIT);
  }

  @Override
  public void close() {
    bot.stop();
    slack.close();
    core.close();
  }
}
