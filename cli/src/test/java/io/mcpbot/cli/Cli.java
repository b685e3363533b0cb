package io.mcpbot.cli;

import io.mcpbot.bot.emulator.SlackEmulator;
import io.mcpbot.core.config.Settings;
import io.mcpbot.core.llm.FakeLlmServer;
import io.mcpbot.core.store.DatabaseUrl;
import io.mcpbot.core.testing.TestDatabases;
import io.mcpbot.core.testing.TestDb;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Runs {@link Main#run} in-process with settings from a map (no real environment). */
final class Cli {
  private Cli() {}

  /** A finished command: exit code and what it printed. */
  record Run(int code, String out, String err) {
    @Override
    public String toString() {
      return "exit " + code + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
    }
  }

  static Run run(Map<String, String> env, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        Main.run(
            args,
            Settings.load(env, null),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** DATABASE_URL for a test database (PostgreSQL in the guide's postgresql:// form). */
  static String databaseUrl(DatabaseUrl url) {
    if (url.kind() == DatabaseUrl.Kind.H2) {
      return url.jdbcUrl();
    }
    String target = url.target();
    return TestDatabases.postgresUrl(target.substring(target.indexOf('/') + 1));
  }

  /** An environment with DATABASE_URL for {@code db} plus {@code pairs} (name, value, ...). */
  static Map<String, String> env(TestDb db, String... pairs) {
    Map<String, String> env = new HashMap<>();
    env.put("DATABASE_URL", databaseUrl(db.database().url()));
    for (int i = 0; i < pairs.length; i += 2) {
      env.put(pairs[i], pairs[i + 1]);
    }
    return env;
  }

  /**
   * What {@code mcpbot run} needs against the Slack emulator and a fake OpenAI-compatible model:
   * {@link #env} plus Slack tokens and URL, {@code key}, the model, the servers config and the
   * users' data directory; {@code more} adds or overrides name/value pairs (e.g. HTTP_PORT).
   */
  static Map<String, String> botEnv(
      TestDb db,
      SlackEmulator slack,
      FakeLlmServer llm,
      String key,
      Path servers,
      Path users,
      String... more) {
    Map<String, String> env =
        env(
            db,
            "SLACK_BOT_TOKEN",
            SlackEmulator.BOT_TOKEN,
            "SLACK_APP_TOKEN",
            SlackEmulator.APP_TOKEN,
            "SLACK_API_URL",
            slack.apiUrl(),
            "ENCRYPTION_KEY",
            key,
            "OPENAI_BASE_URL",
            llm.url() + "/v1",
            "LLM_MODEL",
            "local-model",
            "MCP_SERVERS_CONFIG",
            servers.toString(),
            "USER_DATA_DIR",
            users.toString());
    for (int i = 0; i < more.length; i += 2) {
      env.put(more[i], more[i + 1]);
    }
    return env;
  }
}
