package io.mcpbot.bot;

import io.mcpbot.bot.emulator.Ack;
import io.mcpbot.bot.emulator.ApiCall;
import io.mcpbot.bot.emulator.Events;
import io.mcpbot.bot.emulator.SlackEmulator;
import io.mcpbot.bot.emulator.SlackUser;
import java.time.Duration;
import java.util.function.UnaryOperator;

/** The emulator, an in-memory backend and a real SlackBot connected to each other. */
final class Harness implements AutoCloseable {
  static final Duration WAIT = Duration.ofSeconds(10);
  static final String ALICE = "U0ALICE01";
  static final String BOB = "U0BOB0001";

  final SlackEmulator slack;
  final TestBackend backend = new TestBackend();
  final SlackBot bot;

  Harness() throws Exception {
    this(c -> c);
  }

  Harness(UnaryOperator<BotConfig> tweak) throws Exception {
    slack = SlackEmulator.start();
    slack.addUser(new SlackUser(ALICE, "alice", "Alice Liddell", "alice", "alice@example.com"));
    slack.addUser(new SlackUser(BOB, "bob", "Bob Builder", "bob", "bob@example.com"));
    BotConfig config =
        tweak.apply(
            BotConfig.of(SlackEmulator.BOT_TOKEN, SlackEmulator.APP_TOKEN, slack.apiUrl())
                .withProgressInterval(Duration.ZERO));
    bot = new SlackBot(config, backend);
    bot.start();
  }

  static String dmChannel(String user) {
    return "D" + user.substring(1);
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
    ApiCall placeholder =
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
  }
}
