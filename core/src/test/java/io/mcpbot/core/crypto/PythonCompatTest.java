package io.mcpbot.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Keys and tokens made by Python's cryptography the way a Python deployment of this bot does. */
class PythonCompatTest {
  private static final String FILE = "python-fernet-compat.json";

  static List<JsonNode> kdf() {
    return Vectors.cases(FILE, "kdf");
  }

  static List<JsonNode> tokens() {
    return Vectors.cases(FILE, "tokens");
  }

  static List<JsonNode> invalid() {
    return Vectors.cases(FILE, "invalid");
  }

  @ParameterizedTest
  @MethodSource("kdf")
  void derivesTheSameKeyAsPython(JsonNode c) {
    String key =
        KeyDerivation.deriveFernetKey(
            c.get("master_password").asText(),
            c.get("encryption_salt").asText(),
            c.get("iterations").asInt());
    assertThat(key).isEqualTo(c.get("fernet_key").asText());
  }

  @ParameterizedTest
  @MethodSource("tokens")
  void opensEveryPythonToken(JsonNode c) {
    Fernet f = Fernet.fromKey(c.get("fernet_key").asText());
    assertThat(f.decryptToString(c.get("token").asText())).isEqualTo(c.get("plaintext").asText());
  }

  @ParameterizedTest(name = "{index}: {0}")
  @MethodSource("invalid")
  void rejectsEveryInvalidToken(JsonNode c) {
    KeyRing ring = KeyRing.of("test", List.of(c.get("fernet_key").asText()));
    assertThatThrownBy(() -> ring.decrypt(c.get("token").asText()))
        .as(c.get("why").asText())
        .isInstanceOf(CryptoException.class)
        .hasMessageContaining("No key in the ring");
  }

  @Test
  void rotationCaseOpensUnderMultiFernetSemantics() {
    JsonNode r = Vectors.load(FILE).get("rotation");
    String plain = r.get("plaintext").asText();
    KeyRing oldOnly = KeyRing.of("old", List.of(r.get("old_key").asText()));
    KeyRing newOnly = KeyRing.of("new", List.of(r.get("new_key").asText()));
    KeyRing both =
        KeyRing.of("ENCRYPTION_KEY", List.of(r.get("new_key").asText(), r.get("old_key").asText()));

    String underOld = r.get("token_under_old").asText();
    String rotated = r.get("token_rotated_to_new").asText();
    assertThat(oldOnly.decrypt(underOld)).isEqualTo(plain);
    assertThat(newOnly.opens(underOld)).isFalse();
    assertThat(newOnly.decrypt(rotated)).isEqualTo(plain);
    assertThat(both.decrypt(underOld)).isEqualTo(plain);
    assertThat(both.decrypt(rotated)).isEqualTo(plain);
    assertThat(both.indexOf(underOld)).hasValue(1);
    assertThat(both.indexOf(rotated)).hasValue(0);
    assertThat(both.isCurrent(rotated)).isTrue();
    assertThat(both.isCurrent(underOld)).isFalse();
    // What we encrypt now opens with the new key alone, as Python's MultiFernet.rotate would.
    assertThat(newOnly.decrypt(both.encrypt(plain))).isEqualTo(plain);
  }
}
