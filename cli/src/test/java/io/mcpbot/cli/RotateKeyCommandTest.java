package io.mcpbot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcpbot.core.crypto.KeyRing;
import io.mcpbot.core.oauth.StoredGrants;
import io.mcpbot.core.store.ClientRegistration;
import io.mcpbot.core.store.CredentialToken;
import io.mcpbot.core.store.EncryptedColumn;
import io.mcpbot.core.store.Grant;
import io.mcpbot.core.store.UserProfile;
import io.mcpbot.core.testing.DbTest;
import io.mcpbot.core.testing.SeededCredentials;
import io.mcpbot.core.testing.TestDb;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;

class RotateKeyCommandTest {
  private static final String OLD_KEY = KeyRing.generateKey();
  private static final String NEW_KEY = KeyRing.generateKey();
  private static final KeyRing OLD = KeyRing.parse("old", OLD_KEY);
  private static final KeyRing NEW = KeyRing.parse("new", NEW_KEY);

  @TempDir Path dir;

  private static Map<String, String> env(TestDb db) {
    return Cli.env(db, "ENCRYPTION_KEY", OLD_KEY, "NEW_KEY", NEW_KEY);
  }

  @DbTest
  void rotatesFromTheEnvironmentVariableAndSaysWhatToDoNext(TestDb db) {
    SeededCredentials.seed(db.store(), OLD, 12, "U");
    Map<Long, String> before = SeededCredentials.plaintexts(db.store(), OLD);

    Cli.Run r = Cli.run(env(db), "rotate-key", "--new-key-env", "NEW_KEY", "--batch-size", "5");

    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out())
        .containsPattern("total\\s+12")
        .containsPattern("re-encrypted\\s+12")
        .containsPattern("already under the new key\\s+0")
        .containsPattern("not under the new key after verify\\s+0")
        .contains("ENCRYPTION_KEY=<new>,<old...>")
        .contains("the value of NEW_KEY")
        .contains("mcpbot rotate-key --new-key-env NEW_KEY");
    assertThat(r.out() + r.err()).doesNotContain(NEW_KEY).doesNotContain(OLD_KEY);
    assertThat(r.err()).contains("pre-check").contains("rotating").contains("verifying");
    assertThat(SeededCredentials.plaintexts(db.store(), NEW)).isEqualTo(before);
  }

  @DbTest
  void jsonPrintsCountsAndNextStepsOnStdoutOnly(TestDb db) throws Exception {
    SeededCredentials.seed(db.store(), OLD, 7, "U");

    Cli.Run dry = Cli.run(env(db), "rotate-key", "--new-key-env", "NEW_KEY", "--dry-run", "--json");
    assertThat(dry.code()).as(dry.toString()).isZero();
    JsonNode d = new ObjectMapper().readTree(dry.out());
    assertThat(d.get("dry_run").asBoolean()).isTrue();
    assertThat(d.get("complete").asBoolean()).isFalse();
    assertThat(d.get("total").asLong()).isEqualTo(7);
    assertThat(d.get("to_rotate").asLong()).isEqualTo(7);
    assertThat(d.has("rotated")).isFalse();

    Cli.Run r = Cli.run(env(db), "rotate-key", "--new-key-env", "NEW_KEY", "--json");
    assertThat(r.code()).as(r.toString()).isZero();
    JsonNode j = new ObjectMapper().readTree(r.out());
    assertThat(j.get("dry_run").asBoolean()).isFalse();
    assertThat(j.get("complete").asBoolean()).isTrue();
    assertThat(j.get("rotated").asLong()).isEqualTo(7);
    assertThat(j.get("not_current").asLong()).isZero();
    assertThat(j.get("next_steps")).hasSize(3);
    assertThat(j.get("next_steps").get(1).asText()).contains("--new-key-env NEW_KEY");
    assertThat(r.err()).contains("verifying");
    assertThat(r.out() + r.err()).doesNotContain(NEW_KEY).doesNotContain(OLD_KEY);
  }

  @DbTest
  void oauthSecretsAreRotatedAndCountedPerKind(TestDb db) throws Exception {
    SeededCredentials.seed(db.store(), OLD, 3, "U");
    StoredGrants grants = new StoredGrants(db.store(), OLD);
    grants.saveGrant("U0", "github", new Grant("at", "rt", null, null, "https://i", "c", null));
    grants.saveClient("github", "https://i", new ClientRegistration("c", "cs", "none", null));

    Cli.Run r = Cli.run(env(db), "rotate-key", "--new-key-env", "NEW_KEY");
    Cli.Run j = Cli.run(env(db), "rotate-key", "--new-key-env", "NEW_KEY", "--json", "--dry-run");

    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out())
        .containsPattern("total\\s+6")
        .containsPattern("user credentials\\s+3")
        .containsPattern("OAuth access tokens\\s+1")
        .containsPattern("OAuth refresh tokens\\s+1")
        .containsPattern("OAuth client secrets\\s+1")
        .containsPattern("OAuth PKCE verifiers\\s+0")
        .containsPattern("re-encrypted\\s+6");
    assertThat(new StoredGrants(db.store(), NEW).grant("U0", "github").orElseThrow().refreshToken())
        .isEqualTo("rt");
    JsonNode bySecret = new ObjectMapper().readTree(j.out()).get("by_secret");
    assertThat(bySecret.get("OAuth refresh tokens").get("already_current").asLong()).isEqualTo(1);
    assertThat(r.out() + r.err() + j.out()).doesNotContain("\"cs\"").doesNotContain(NEW_KEY);
  }

  @DbTest
  void dryRunCountsAndWritesNothing(TestDb db) {
    SeededCredentials.seed(db.store(), OLD, 6, "U");
    List<CredentialToken> before = SeededCredentials.all(db.store());

    Cli.Run r = Cli.run(env(db), "rotate-key", "--new-key-env", "NEW_KEY", "--dry-run");

    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).contains("dry run: nothing written").containsPattern("to re-encrypt\\s+6");
    assertThat(SeededCredentials.all(db.store())).isEqualTo(before);
  }

  @DbTest
  void rowNoKeyOpensStopsBeforeWritingAndNamesUserAndServer(TestDb db) {
    SeededCredentials.seed(db.store(), OLD, 6, "U");
    long user = db.store().users().upsert("UORPHAN", UserProfile.empty()).id();
    long jira = SeededCredentials.server(db.store(), "jira");
    KeyRing lost = KeyRing.of("lost", List.of(KeyRing.generateKey()));
    db.store().credentials().put(user, jira, "JIRA_TOKEN", "api_key", lost.encrypt("x"));
    List<CredentialToken> before = SeededCredentials.all(db.store());

    Cli.Run r = Cli.run(env(db), "rotate-key", "--new-key-env", "NEW_KEY", "--batch-size", "2");

    assertThat(r.code()).as(r.toString()).isEqualTo(1);
    assertThat(r.err())
        .contains("error: 1 stored credential opens with neither")
        .contains("nothing was written")
        .contains("user UORPHAN, server jira, credential JIRA_TOKEN");
    assertThat(SeededCredentials.all(db.store())).isEqualTo(before);

    Path keyFile = dir.resolve("unused.key");
    Cli.Run generating = Cli.run(env(db), "rotate-key", "--generate", keyFile.toString());
    assertThat(generating.code()).isEqualTo(1);
    assertThat(keyFile).as("no stray key file after a failed pre-check").doesNotExist();
  }

  @DbTest
  void generateWritesANew0600KeyFileUsedForTheRotationAndNeverOverwrites(TestDb db)
      throws Exception {
    SeededCredentials.seed(db.store(), OLD, 4, "U");
    Path keyFile = dir.resolve("new.key");

    Cli.Run r = Cli.run(env(db), "rotate-key", "--generate", keyFile.toString());

    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)))
        .isEqualTo("rw-------");
    String key = Files.readString(keyFile).strip();
    KeyRing generated = KeyRing.parse("file", key);
    assertThat(SeededCredentials.all(db.store()))
        .allMatch(t -> generated.isCurrent(t.encryptedValue()));
    assertThat(r.out() + r.err()).doesNotContain(key);
    assertThat(r.out()).contains("--new-key-file " + keyFile);

    List<CredentialToken> before = SeededCredentials.all(db.store());
    Cli.Run again = Cli.run(env(db), "rotate-key", "--generate", keyFile.toString());
    assertThat(again.code()).isEqualTo(1);
    assertThat(again.err()).contains("already exists").contains("--new-key-file " + keyFile);
    assertThat(Files.readString(keyFile).strip()).isEqualTo(key);
    assertThat(SeededCredentials.all(db.store())).isEqualTo(before);

    // The same key from the file resumes/repeats as a no-op.
    Cli.Run repeat =
        Cli.run(
            Cli.env(db, "ENCRYPTION_KEY", key + "," + OLD_KEY),
            "rotate-key",
            "--new-key-file",
            keyFile.toString());
    assertThat(repeat.code()).as(repeat.toString()).isZero();
    assertThat(repeat.out()).containsPattern("already under the new key\\s+4");
  }

  @DbTest
  void resumesAfterAPartialRun(TestDb db) {
    SeededCredentials.seed(db.store(), OLD, 10, "U");
    Map<Long, String> before = SeededCredentials.plaintexts(db.store(), OLD);
    // A partial run: the first 4 rows already re-encrypted with the new key.
    for (CredentialToken t : SeededCredentials.all(db.store()).subList(0, 4)) {
      db.store()
          .secretColumns()
          .compareAndSet(
              EncryptedColumn.CREDENTIAL,
              t.id(),
              t.encryptedValue(),
              NEW.encrypt(OLD.decrypt(t.encryptedValue())));
    }

    Cli.Run r = Cli.run(env(db), "rotate-key", "--new-key-env", "NEW_KEY", "--batch-size", "3");

    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out())
        .containsPattern("already under the new key\\s+4")
        .containsPattern("re-encrypted\\s+6");
    assertThat(SeededCredentials.plaintexts(db.store(), NEW)).isEqualTo(before);
  }

  @DbTest
  void badNewKeySourcesFailWithExitOne(TestDb db) throws Exception {
    Path twoKeys = Files.writeString(dir.resolve("two.key"), NEW_KEY + "," + OLD_KEY);
    Cli.Run unset = Cli.run(env(db), "rotate-key", "--new-key-env", "NOT_SET");
    Cli.Run two = Cli.run(env(db), "rotate-key", "--new-key-file", twoKeys.toString());
    Cli.Run missing =
        Cli.run(env(db), "rotate-key", "--new-key-file", dir.resolve("nope").toString());
    Cli.Run malformed =
        Cli.run(
            Cli.env(db, "ENCRYPTION_KEY", OLD_KEY, "BAD", "not-a-key"),
            "rotate-key",
            "--new-key-env",
            "BAD");

    assertThat(List.of(unset, two, missing, malformed)).allMatch(r -> r.code() == 1);
    assertThat(unset.err()).contains("NOT_SET is not set");
    assertThat(two.err()).contains("holds 2 keys");
    assertThat(missing.err()).contains("cannot read the new key");
    assertThat(malformed.err()).contains("the new key").doesNotContain("not-a-key");
  }
}
