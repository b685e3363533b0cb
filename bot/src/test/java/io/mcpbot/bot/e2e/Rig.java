package io.mcpbot.bot.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcpbot.bot.BotConfig;
import io.mcpbot.bot.SlackBot;
import io.mcpbot.bot.TestCore;
import io.mcpbot.bot.emulator.ApiCall;
import io.mcpbot.bot.emulator.Events;
import io.mcpbot.bot.emulator.SlackEmulator;
import io.mcpbot.bot.emulator.SlackUser;
import io.mcpbot.core.agent.Agent;
import io.mcpbot.core.agent.AgentConfig;
import io.mcpbot.core.agent.TurnRunner;
import io.mcpbot.core.config.ServerDefinition;
import io.mcpbot.core.crypto.KeyRing;
import io.mcpbot.core.llm.ApiKey;
import io.mcpbot.core.llm.LlmConfig;
import io.mcpbot.core.llm.LlmProvider;
import io.mcpbot.core.llm.LlmProviders;
import io.mcpbot.core.llm.ProviderKind;
import io.mcpbot.core.llm.RetryPolicy;
import io.mcpbot.core.mcp.Fixtures;
import io.mcpbot.core.mcp.SessionPool;
import io.mcpbot.core.store.Store;
import io.mcpbot.core.testing.TestDatabases.Engine;
import io.mcpbot.core.testing.TestDb;
import io.mcpbot.core.users.UserServers;
import java.net.URI;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Everything real wired together: the Slack emulator, the real Bolt client in {@link SlackBot}, a
 * migrated database, the key ring, the session pool starting fixture MCP server processes, and an
 * OpenAI-compatible provider talking HTTP to {@link ScriptedLlm}, and the core {@link Agent}.
 */
final class Rig implements AutoCloseable {
  static final Duration WAIT = Duration.ofSeconds(30);
  static final String ALICE = "U0ALICE01";
  static final String BOB = "U0BOB0001";

  final TestCore core;
  final TestDb db;
  final Store store;
  final KeyRing keys;
  final SessionPool pool;
  final UserServers users;
  final ScriptedLlm llm = new ScriptedLlm();
  final LlmProvider provider;
  final TurnRunner runner;
  final SlackEmulator slack;
  final SlackBot bot;

  Rig(Engine engine) throws Exception {
    this(engine, Duration.ofSeconds(20));
  }

  /** With {@code toolsWait}: how long building the App Home waits for the user's tools. */
  Rig(Engine engine, Duration toolsWait) throws Exception {
    this(engine, c -> c.pacing(Duration.ZERO, toolsWait));
  }

  /** With the bot's configuration changed by {@code tweak} (access rules, limits). */
  Rig(Engine engine, UnaryOperator<BotConfig.Builder> tweak) throws Exception {
    this(engine, tweak, AgentConfig.defaults("scripted"), tools(), secret());
  }

  /** With {@code extra} servers beside tools and secret (null: none) and the agent's config. */
  Rig(
      Engine engine,
      UnaryOperator<BotConfig.Builder> tweak,
      ServerDefinition extra,
      AgentConfig agent)
      throws Exception {
    this(
        engine,
        tweak,
        agent,
        extra == null
            ? new ServerDefinition[] {tools(), secret()}
            : new ServerDefinition[] {tools(), secret(), extra});
  }

  /** With the given servers in the catalog instead of tools and secret. */
  Rig(Engine engine, UnaryOperator<BotConfig.Builder> tweak, ServerDefinition... servers)
      throws Exception {
    this(engine, tweak, AgentConfig.defaults("scripted"), servers);
  }

  private Rig(
      Engine engine,
      UnaryOperator<BotConfig.Builder> tweak,
      AgentConfig agent,
      ServerDefinition... servers)
      throws Exception {
    core = new TestCore(engine, servers);
    db = core.db;
    store = core.store;
    keys = core.keys;
    pool = core.pool;
    users = core.users;
    provider =
        LlmProviders.create(
            new LlmConfig(
                ProviderKind.OPENAI_COMPATIBLE,
                "scripted",
                ApiKey.of("sk-e2e-not-a-real-key"),
                llm.url(),
                Duration.ofSeconds(60),
                RetryPolicy.NONE),
            LlmProviders.defaultHttpClient());
    runner = new Agent(store, pool, provider, agent);
    slack = SlackEmulator.start();
    slack.addUser(new SlackUser(ALICE, "alice", "Alice Liddell", "alice", "alice@example.com"));
    slack.addUser(new SlackUser(BOB, "bob", "Bob Builder", "bob", "bob@example.com"));
    bot = new SlackBot(tweak.apply(config(slack)).build(), core.services(runner));
    bot.start();
  }

  /**
   * The bot's configuration against an emulator, every progress line shown, the App Home waiting up
   * to 20 s for tools.
   */
  static BotConfig.Builder config(SlackEmulator slack) {
    return BotConfig.builder(SlackEmulator.BOT_TOKEN, SlackEmulator.APP_TOKEN)
        .apiUrl(URI.create(slack.apiUrl()))
        .pacing(Duration.ZERO, Duration.ofSeconds(20));
  }

  /** A server without credentials: echo, env_dump and friends. */
  static ServerDefinition tools() {
    return TestCore.server("tools", "Echo and environment dump");
  }

  /** A server that needs FIXTURE_TOKEN, a full match of tok_ and 20 lower-case letters. */
  static ServerDefinition secret() {
    return TestCore.server("secret", "Needs a token", Fixtures.fixtureToken());
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

  /**
   * Waits for the bot's reply placeholder in the thread to become the final text matching {@code
   * expected}.
   */
  String awaitAnswer(String channel, String threadTs, Pattern expected)
      throws InterruptedException {
    slack.awaitCall(
        "chat.postMessage",
        c -> channel.equals(c.param("channel")) && threadTs.equals(c.param("thread_ts")),
        WAIT);
    ApiCall update =
        slack.awaitCall(
            "chat.update",
            c ->
                channel.equals(c.param("channel"))
                    && slack.repliesIn(channel, threadTs).contains(c.param("ts"))
                    && expected.matcher(c.param("text")).find()
                    // not the text while it streams in, under its status line
                    && !String.valueOf(c.param("blocks")).contains("hourglass"),
            WAIT);
    return update.param("text");
  }

  /** The latest App Home published for the user after at least {@code n} publishes. */
  JsonNode awaitHome(String user, int n) throws InterruptedException {
    List<ApiCall> calls =
        slack.awaitCalls("views.publish", c -> user.equals(c.param("user_id")), n, WAIT);
    return calls.get(calls.size() - 1).json("view");
  }

  /** Every value of every character column of every table that contains {@code needle}. */
  List<String> rowsContaining(String needle) throws SQLException {
    List<String> hits = new ArrayList<>();
    Set<String> textTypes =
        Set.of(
            "VARCHAR",
            "CHARACTER VARYING",
            "TEXT",
            "CLOB",
            "CHARACTER",
            "BPCHAR",
            "CHARACTER LARGE OBJECT");
    try (Connection c = io.mcpbot.core.store.RawSql.dataSource(db.database()).getConnection()) {
      DatabaseMetaData meta = c.getMetaData();
      int tables = 0;
      try (ResultSet t = meta.getTables(null, null, "%", new String[] {"TABLE"})) {
        while (t.next()) {
          String schema = t.getString("TABLE_SCHEM");
          if (schema != null
              && (schema.equalsIgnoreCase("INFORMATION_SCHEMA") || schema.startsWith("pg_"))) {
            continue;
          }
          String table = t.getString("TABLE_NAME");
          tables++;
          try (ResultSet col = meta.getColumns(null, schema, table, "%")) {
            while (col.next()) {
              String type = col.getString("TYPE_NAME").toUpperCase(java.util.Locale.ROOT);
              if (!textTypes.contains(type)) {
                continue;
              }
              String column = col.getString("COLUMN_NAME");
              String sql = "SELECT \"" + column + "\" FROM \"" + schema + "\".\"" + table + "\"";
              try (Statement s = c.createStatement();
                  ResultSet r = s.executeQuery(sql)) {
                while (r.next()) {
                  String v = r.getString(1);
                  if (v != null && v.contains(needle)) {
                    hits.add(table + "." + column);
                  }
                }
              }
            }
          }
        }
      }
      if (tables < 5) {
        throw new AssertionError("expected the schema's tables, found only " + tables);
      }
    }
    return hits;
  }

  @Override
  public void close() {
    bot.stop();
    slack.close();
    llm.close();
    core.close();
  }
}
