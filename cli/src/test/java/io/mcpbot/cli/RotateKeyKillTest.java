package io.mcpbot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpbot.core.crypto.KeyRing;
import io.mcpbot.core.store.Database;
import io.mcpbot.core.store.DatabaseUrl;
import io.mcpbot.core.store.Store;
import io.mcpbot.core.testing.SeededCredentials;
import io.mcpbot.core.testing.TestDatabases;
import io.mcpbot.core.testing.TestDatabases.Engine;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * THE kill test: rotate-key runs as its own JVM, gets SIGKILLed while rotating, and nothing is
 * lost: every row still opens with the old or the new key, and a re-run completes and verifies.
 */
class RotateKeyKillTest {
  private static final int ROWS = 3000;
  private static final String OLD_KEY = KeyRing.generateKey();
  private static final String NEW_KEY = KeyRing.generateKey();
  private static final KeyRing OLD = KeyRing.parse("old", OLD_KEY);
  private static final KeyRing NEW = KeyRing.parse("new", NEW_KEY);
  private static final KeyRing EITHER = OLD.withNewer(NEW);
  private static final Pattern ROTATING = Pattern.compile("^rotating .* (\\d+)/\\d+ ");

  @TempDir Path workDir;

  @ParameterizedTest(name = "[{0}]")
  @EnumSource(Engine.class)
  void killedWhileRotatingLosesNothingAndAReRunCompletes(Engine engine) throws Exception {
    String databaseUrl = databaseFor(engine);
    Map<Long, String> before;
    // Closed while the child runs, so the child opens the H2 file itself (and serves it).
    try (Database db = Database.open(DatabaseUrl.parse(databaseUrl))) {
      db.migrate();
      SeededCredentials.bulk(db, OLD, ROWS, 1);
      before = SeededCredentials.plaintexts(Store.of(db), OLD);
    }
    assertThat(before).hasSize(ROWS);

    Process child = startRotation(databaseUrl);
    ConcurrentLinkedQueue<String> stderr = new ConcurrentLinkedQueue<>();
    CompletableFuture<Boolean> rotating = new CompletableFuture<>();
    Thread.ofVirtual().start(() -> watch(child, stderr, rotating));
    boolean started = rotating.get(120, TimeUnit.SECONDS);
    child.destroyForcibly(); // SIGKILL: no shutdown hooks, no commit of the open batch
    assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(started).as("child stderr: %s", stderr).isTrue();
    assertThat(child.exitValue()).as("killed, not finished").isEqualTo(137);

    try (Database db = Database.open(DatabaseUrl.parse(databaseUrl))) {
      Store store = Store.of(db);
      // Nothing lost: every row opens with old-or-new and holds its value.
      assertThat(SeededCredentials.plaintexts(store, EITHER)).isEqualTo(before);
      long done =
          SeededCredentials.all(store).stream()
              .filter(t -> NEW.isCurrent(t.encryptedValue()))
              .count();
      assertThat(done).as("partially rotated").isBetween(1L, (long) ROWS - 1);
      db.close();

      Cli.Run rerun =
          Cli.run(
              Map.of("DATABASE_URL", databaseUrl, "ENCRYPTION_KEY", OLD_KEY, "NEW_KEY", NEW_KEY),
              "rotate-key",
              "--new-key-env",
              "NEW_KEY",
              "--batch-size",
              "500");
      assertThat(rerun.code()).as(rerun.toString()).isZero();
      assertThat(rerun.out())
          .containsPattern("already under the new key\\s+" + done + "\n")
          .containsPattern("re-encrypted\\s+" + (ROWS - done) + "\n")
          .containsPattern("not under the new key after verify\\s+0\n");
    }
    try (Database db = Database.open(DatabaseUrl.parse(databaseUrl))) {
      assertThat(SeededCredentials.plaintexts(Store.of(db), NEW)).isEqualTo(before);
    }
  }

  private String databaseFor(Engine engine) {
    if (engine == Engine.POSTGRESQL) {
      return Cli.databaseUrl(TestDatabases.emptyUrl(Engine.POSTGRESQL));
    }
    // A file database two processes use one after the other (in-memory H2 is per process).
    // WRITE_DELAY=0: H2 otherwise flushes commits up to a second late, so a kill -9 rolls the
    // file back to an earlier (still consistent, all old-or-new) state and no progress shows.
    return "jdbc:h2:file:" + workDir.resolve("db/mcpbot").toAbsolutePath() + ";WRITE_DELAY=0";
  }

  private Process startRotation(String databaseUrl) throws Exception {
    String java =
        ProcessHandle.current()
            .info()
            .command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    ProcessBuilder pb =
        new ProcessBuilder(
            java,
            "-cp",
            System.getProperty("java.class.path"),
            Main.class.getName(),
            "rotate-key",
            "--new-key-env",
            "NEW_KEY",
            "--batch-size",
            "20",
            "--pause-ms",
            "20");
    pb.environment().clear();
    pb.environment().put("DATABASE_URL", databaseUrl);
    pb.environment().put("ENCRYPTION_KEY", OLD_KEY);
    pb.environment().put("NEW_KEY", NEW_KEY);
    pb.directory(workDir.toFile()); // no stray .env
    pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
    return pb.start();
  }

  /** Completes {@code rotating} once the child reports rows rotated (a batch committed). */
  private static void watch(
      Process child, ConcurrentLinkedQueue<String> lines, CompletableFuture<Boolean> rotating) {
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(child.getErrorStream(), StandardCharsets.UTF_8))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        lines.add(line);
        Matcher m = ROTATING.matcher(line);
        if (m.find() && Long.parseLong(m.group(1)) > 0) {
          rotating.complete(true);
        }
      }
    } catch (java.io.IOException e) {
      lines.add("(stderr closed: " + e + ")");
    }
    rotating.complete(false); // the child ended without rotating anything
  }
}
