package io.mcpbot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpbot.core.config.Settings;
import io.mcpbot.core.crypto.KeyRing;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.Command;

class MainTest {
  private static final Map<String, String> NONE = Map.of();

  @Test
  void helpListsEveryCommandAndExitsZero() {
    Cli.Run r = Cli.run(NONE, "--help");
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out())
        .contains(
            "init-db",
            "sync-servers",
            "list-usage",
            "rotate-key",
            "gen-key",
            "purge-conversations");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "init-db",
        "sync-servers",
        "list-usage",
        "rotate-key",
        "gen-key",
        "purge-conversations"
      })
  void everyCommandHasHelp(String command) {
    Cli.Run r = Cli.run(NONE, command, "--help");
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).startsWith("Usage: mcpbot " + command);
    // picocli wraps each description line on its own: a line longer than the 80-column help
    // leaves a one-word orphan line behind, so every hand-wrapped line must fit.
    Command annotation =
        Arrays.stream(Main.class.getAnnotation(Command.class).subcommands())
            .map(c -> c.getAnnotation(Command.class))
            .filter(c -> c.name().equals(command))
            .findFirst()
            .orElseThrow();
    assertThat(annotation.description())
        .allSatisfy(line -> assertThat(line).hasSizeLessThanOrEqualTo(79));
    assertThat(r.out().lines()).allSatisfy(line -> assertThat(line).hasSizeLessThanOrEqualTo(80));
  }

  @Test
  void versionPrintsTheProjectVersion() {
    Cli.Run r = Cli.run(NONE, "--version");
    assertThat(r.code()).isZero();
    assertThat(r.out()).matches("mcpbot \\d+\\.\\d+\\.\\d+.*\\s*");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "no-such-command",
        "--no-such-option",
        "list-usage --since 3x",
        "list-usage --json --csv",
        "purge-conversations",
        "rotate-key",
        "rotate-key --new-key-env A --new-key-file B",
        "rotate-key --new-key-env A --batch-size 0"
      })
  void usageErrorsExitTwo(String line) {
    Cli.Run r =
        Cli.run(
            Map.of("ENCRYPTION_KEY", KeyRing.generateKey(), "A", KeyRing.generateKey()),
            line.isEmpty() ? new String[0] : line.split(" "));
    assertThat(r.code()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).isNotBlank().doesNotContain("\tat ");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void genKeyPrintsOneUsableFernetKey() {
    Cli.Run r = Cli.run(NONE, "gen-key");
    assertThat(r.code()).isZero();
    String key = r.out().strip();
    assertThat(key).hasSize(44).doesNotContain("\n");
    KeyRing ring = KeyRing.parse("gen-key", key);
    assertThat(ring.decrypt(ring.encrypt("x"))).isEqualTo("x");
    assertThat(Cli.run(NONE, "gen-key").out().strip()).isNotEqualTo(key);
  }

  @Test
  void missingEncryptionFailsWithTheGuidesHintAndNoStackTrace() {
    Cli.Run r = Cli.run(NONE, "init-db");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err().strip()).isEqualTo("error: " + Settings.MISSING_ENCRYPTION);
  }

  @Test
  void everyConfigurationProblemIsReportedOnItsOwnLine() {
    Cli.Run r = Cli.run(Map.of("LOG_LEVEL", "loud", "ENCRYPTION_KEY", "zzz-not-a-key"), "init-db");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err().lines())
        .hasSize(2)
        .allMatch(l -> l.startsWith("error: "))
        .anyMatch(l -> l.contains("LOG_LEVEL"))
        .anyMatch(l -> l.contains("ENCRYPTION_KEY"));
    assertThat(r.err()).doesNotContain("zzz-not-a-key").doesNotContain("\tat ");
  }

  @Test
  void debugLogLevelAddsTheStackTrace() {
    Cli.Run r = Cli.run(Map.of("LOG_LEVEL", "DEBUG"), "init-db");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("error: " + Settings.MISSING_ENCRYPTION).contains("\tat ");
  }
}
