package io.mcpbot.bot.e2e;

import static io.mcpbot.bot.e2e.Rig.ALICE;
import static io.mcpbot.bot.e2e.Rig.BOB;
import static io.mcpbot.bot.e2e.Rig.WAIT;
import static io.mcpbot.bot.e2e.Rig.dmChannel;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcpbot.bot.emulator.ApiCall;
import io.mcpbot.bot.emulator.Events;
import io.mcpbot.bot.emulator.SlackEmulator;
import io.mcpbot.bot.emulator.SlackUser;
import io.mcpbot.core.config.Settings;
import io.mcpbot.core.store.EncryptedColumn;
import io.mcpbot.core.testing.TestDatabases.Engine;
import io.mcpbot.core.users.EnableOutcome;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Who may use the bot, through the real Bolt client, the Slack emulator, a real model server and
 * real MCP processes: refused users get a polite reply and no model call, no MCP process, no row.
 */
class AccessE2eTest {
  private static final String GUEST = "U0GUEST01";
  private static final String ONE_CHANNEL_GUEST = "U0GUEST02";
  private static final String OUTSIDER = "U0OUTSIDE";
  private static final String CHANNEL = "C0GENERAL";
  private Rig rig;

  @AfterEach
  void stop() {
    if (rig != null) {
      rig.close();
    }
  }

  /** A rig whose access rules come through the configuration loader from {@code env}. */
  private void start(Map<String, String> env) throws Exception {
    Map<String, String> all = new HashMap<>(env);
    all.put("SLACK_BOT_TOKEN", SlackEmulator.BOT_TOKEN);
    all.put("SLACK_APP_TOKEN", SlackEmulator.APP_TOKEN);
    rig = new Rig(Engine.H2, c -> c.access(Settings.load(all, null).access()));
    rig.slack.addUser(new SlackUser(GUEST, "gus", "Gus Guest", "gus", "gus@example.com").asGuest());
    rig.slack.addUser(
        new SlackUser(ONE_CHANNEL_GUEST, "sam", "Sam Single", "sam", "sam@example.com")
            .asSingleChannelGuest());
    rig.slack.addUser(
        new SlackUser(OUTSIDER, "olga", "Olga Other", "olga", "olga@other.example")
            .fromTeam("T0OTHERORG", true));
    assertThat(rig.users.enable(ALICE, "tools")).isInstanceOf(EnableOutcome.Enabled.class);
  }

  private String mention(String user, String text) {
    String ts = rig.slack.nextTs();
    String body = "<@" + SlackEmulator.BOT_USER_ID + "> " + text;
    rig.slack.sendEvent(Events.mention(user, CHANNEL, body, ts, null), rig.slack.newEventId(), 0);
    return ts;
  }

  /** The refusal posted in the user's DM thread. */
  private String awaitDmReply(String user, String ts) throws InterruptedException {
    return rig.slack
        .awaitCall(
            "chat.postMessage",
            c -> dmChannel(user).equals(c.param("channel")) && ts.equals(c.param("thread_ts")),
            WAIT)
        .param("text");
  }

  private void assertNothingRanFor(String... users) {
    assertThat(rig.llm.requests()).isEmpty();
    for (String user : users) {
      assertThat(rig.pool.stats().perUser()).doesNotContainKey(user);
      assertThat(rig.store.users().findBySlackId(user)).isEmpty();
    }
  }

  @Test
  void guestsAndExternalUsersAreRefusedPolitelyByDefaultAndMembersAnswered() throws Exception {
    start(Map.of());

    String guestTs = rig.dm(GUEST, "echo hi");
    assertThat(awaitDmReply(GUEST, guestTs)).startsWith(":lock: Sorry, I'm not available to guest");
    String outsiderTs = rig.dm(OUTSIDER, "echo hi");
    assertThat(awaitDmReply(OUTSIDER, outsiderTs))
        .contains("only available to members of this workspace");
    // In a channel only the refused user sees the reply.
    String mentionTs = mention(ONE_CHANNEL_GUEST, "echo hi");
    ApiCall ephemeral =
        rig.slack.awaitCall(
            "chat.postEphemeral", c -> ONE_CHANNEL_GUEST.equals(c.param("user")), WAIT);
    assertThat(ephemeral.param("channel")).isEqualTo(CHANNEL);
    assertThat(ephemeral.param("thread_ts")).isEqualTo(mentionTs);
    assertThat(ephemeral.param("text")).contains("not available to guest accounts");
    assertThat(rig.slack.calls("chat.postMessage"))
        .noneMatch(c -> CHANNEL.equals(c.param("channel")));
    assertNothingRanFor(GUEST, ONE_CHANNEL_GUEST, OUTSIDER);

    String ts = rig.dm(ALICE, "echo hello http://attacker.example/x.png");
    assertThat(rig.awaitAnswer(dmChannel(ALICE), ts, Pattern.compile("Tool said")))
        .contains("hello");
    // Every message the bot posted asked Slack not to unfurl links or media (the SDK sends
    // booleans as 0/1, which Slack reads as false/true).
    List<ApiCall> posts = rig.slack.calls("chat.postMessage");
    assertThat(posts).hasSizeGreaterThanOrEqualTo(3);
    assertThat(posts)
        .allSatisfy(
            c -> {
              assertThat(c.param("unfurl_links")).isEqualTo("0");
              assertThat(c.param("unfurl_media")).isEqualTo("0");
            });
  }

  @Test
  void guestsAndExternalUsersMayBeAllowed() throws Exception {
    start(Map.of("ALLOW_GUESTS", "true", "ALLOW_EXTERNAL_USERS", "true"));
    rig.users.enable(GUEST, "tools");

    String ts = rig.dm(GUEST, "echo from a guest");
    assertThat(rig.awaitAnswer(dmChannel(GUEST), ts, Pattern.compile("Tool said")))
        .isEqualTo("Tool said: from a guest");
    String ts2 = rig.dm(OUTSIDER, "hello");
    assertThat(rig.awaitAnswer(dmChannel(OUTSIDER), ts2, Pattern.compile("You said")))
        .isEqualTo("You said: hello (user messages seen: 1)");
  }

  @Test
  void userAndTeamAllowlistsRefuseEveryoneElse() throws Exception {
    start(Map.of("ALLOWED_USER_IDS", ALICE));
    String bobTs = rig.dm(BOB, "hello");
    assertThat(awaitDmReply(BOB, bobTs)).contains("admins of this workspace have limited who");
    assertNothingRanFor(BOB);
    // an allowlisted user still passes the other rules
    String ts = rig.dm(ALICE, "hello");
    rig.awaitAnswer(dmChannel(ALICE), ts, Pattern.compile("You said: hello"));
    rig.close();

    start(Map.of("ALLOWED_TEAM_IDS", "T0OTHERORG"));
    String aliceTs = rig.dm(ALICE, "hello");
    assertThat(awaitDmReply(ALICE, aliceTs)).contains("admins of this workspace have limited who");
    assertThat(rig.llm.requests()).isEmpty();
  }

  @Test
  void whenUsersInfoFailsTheUserIsRefusedForNowAndAnsweredOnceSlackAnswers() throws Exception {
    start(Map.of());
    // users.info says user_not_found (a user the emulator does not know)...
    String stranger = "U0STRANGER";
    String ts = rig.dm(stranger, "hello?");
    assertThat(awaitDmReply(stranger, ts)).contains("couldn't check your Slack account", "`");
    // ...or missing_scope once (the app was installed without users:read)
    rig.slack.failOnce("users.info", "missing_scope");
    String ts2 = rig.dm(BOB, "me too");
    assertThat(awaitDmReply(BOB, ts2)).contains("couldn't check your Slack account");
    assertNothingRanFor(stranger, BOB);

    // failures are not remembered: the next message asks Slack again
    String ts3 = rig.dm(BOB, "again");
    assertThat(rig.awaitAnswer(dmChannel(BOB), ts3, Pattern.compile("You said")))
        .isEqualTo("You said: again (user messages seen: 1)");
    assertThat(rig.store.users().findBySlackId(BOB).orElseThrow().displayName()).isEqualTo("bob");
    // one lookup served both the access check and first contact
    assertThat(rig.slack.calls("users.info"))
        .extracting(c -> c.param("user"))
        .containsExactly(stranger, BOB, BOB);
  }

  @Test
  void aGuestSeesAnUnavailableHomeAndCannotEnableOrSaveCredentials() throws Exception {
    start(Map.of());
    rig.slack.sendEvent(Events.appHomeOpened(GUEST, rig.slack.nextTs()), rig.slack.newEventId(), 0);
    JsonNode home = rig.awaitHome(GUEST, 1);
    assertThat(home.toString()).contains("not available to guest accounts").doesNotContain("tools");
    assertThat(home.toString()).doesNotContain("mcpbot.enable");

    rig.slack.clickButton(GUEST, "mcpbot.enable", "tools", rig.slack.newTrigger());
    rig.awaitHome(GUEST, 2);
    // Alice opens the credentials form; the guest replays its submission as their own.
    rig.slack.clickButton(
        ALICE, "mcpbot.enable_with_credentials", "secret", rig.slack.newTrigger());
    JsonNode modal = rig.slack.awaitCall("views.open", c -> true, WAIT).json("view");
    JsonNode errors =
        rig.slack
            .awaitAck(
                rig.slack.submitView(
                    GUEST, modal, Map.of("cred:fixture_token", "tok_abcdefghijklmnopqrst")),
                WAIT)
            .payload();
    assertThat(errors.path("response_action").asText()).isEqualTo("errors");
    assertThat(errors.toString()).contains("not available to guest accounts");
    rig.awaitHome(GUEST, 3);

    assertThat(rig.store.users().findBySlackId(GUEST)).isEmpty();
    assertThat(rig.store.secretColumns().count(EncryptedColumn.CREDENTIAL)).isZero();
    assertThat(rig.pool.stats().perUser()).doesNotContainKey(GUEST);
  }

  @Test
  void aUserGetsAtMostTheConfiguredTurnsAtOnceAndAPoliteWaitForMore() throws Exception {
    start(Map.of("AGENT_MAX_TURNS_PER_USER", "2"));
    // three threads at once; the model holds each answer until released
    List<String> threads =
        List.of(rig.dm(ALICE, "slow"), rig.dm(ALICE, "slow"), rig.dm(ALICE, "slow"));
    assertThat(rig.llm.awaitSlowHeld(2, 30)).isTrue();
    ApiCall busy =
        rig.slack.awaitCall(
            "chat.postMessage", c -> c.param("text").startsWith(":raised_hand:"), WAIT);
    assertThat(busy.param("text"))
        .isEqualTo(
            ":raised_hand: You already have 2 requests running. Please wait for one of them to"
                + " finish, then send this again.");
    assertThat(threads).contains(busy.param("thread_ts"));
    assertThat(rig.llm.requests()).hasSize(2);

    rig.llm.releaseSlow();
    for (String ts : threads) {
      if (!ts.equals(busy.param("thread_ts"))) {
        rig.awaitAnswer(dmChannel(ALICE), ts, Pattern.compile("finally done"));
      }
    }
    // the slots are free again
    String ts = rig.dm(ALICE, "hello");
    rig.awaitAnswer(dmChannel(ALICE), ts, Pattern.compile("You said: hello"));
  }
}
