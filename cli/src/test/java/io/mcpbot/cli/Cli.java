package io.mcpbot.cli;

import io.mcpbot.core.config.Settings;
import io.mcpbot.core.store.DatabaseUrl;
import io.mcpbot.core.testing.TestDatabases;
import io.mcpbot.core.testing.TestDb;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
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
}
