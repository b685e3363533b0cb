package io.mcpbot.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The Fernet spec's own generate, verify and invalid vectors. */
class FernetVectorsTest {

  static List<JsonNode> generate() {
    return Vectors.cases("generate.json");
  }

  static List<JsonNode> verify() {
    return Vectors.cases("verify.json");
  }

  static List<JsonNode> invalid() {
    return Vectors.cases("invalid.json");
  }

  private static Instant now(JsonNode c) {
    return OffsetDateTime.parse(c.get("now").asText()).toInstant();
  }

  @ParameterizedTest
  @MethodSource("generate")
  void generateVectorsProduceTheExactToken(JsonNode c) {
    byte[] iv = new byte[16];
    for (int i = 0; i < 16; i++) {
      iv[i] = (byte) c.get("iv").get(i).asInt();
    }
    Fernet f = Fernet.fromKey(c.get("secret").asText());
    String token = f.encrypt(c.get("src").asText().getBytes(StandardCharsets.UTF_8), now(c), iv);
    assertThat(token).isEqualTo(c.get("token").asText());
  }

  @ParameterizedTest
  @MethodSource("verify")
  void verifyVectorsOpenWithinTheirTtl(JsonNode c) {
    Fernet f = Fernet.fromKey(c.get("secret").asText());
    byte[] plain =
        f.decrypt(c.get("token").asText(), Duration.ofSeconds(c.get("ttl_sec").asLong()), now(c));
    assertThat(new String(plain, StandardCharsets.UTF_8)).isEqualTo(c.get("src").asText());
    // Data at rest has no TTL: the same token still opens decades later.
    assertThat(f.decryptToString(c.get("token").asText())).isEqualTo(c.get("src").asText());
  }

  @ParameterizedTest(name = "{index}: {0}")
  @MethodSource("invalid")
  void invalidVectorsAreRejected(JsonNode c) {
    Fernet f = Fernet.fromKey(c.get("secret").asText());
    String token = c.get("token").asText();
    assertThatThrownBy(
            () -> f.decrypt(token, Duration.ofSeconds(c.get("ttl_sec").asLong()), now(c)))
        .as(c.get("desc").asText())
        .isInstanceOf(CryptoException.class)
        .hasMessageStartingWith("Invalid Fernet token");
  }

  @Test
  void withoutTtlOnlyTheTimeRulesAreLifted() {
    // The two time-based invalid vectors are otherwise valid tokens: at rest they open.
    for (JsonNode c : invalid()) {
      String desc = c.get("desc").asText();
      Fernet f = Fernet.fromKey(c.get("secret").asText());
      boolean timeOnly = desc.contains("TTL") || desc.contains("clock skew");
      assertThat(f.opens(c.get("token").asText())).as(desc).isEqualTo(timeOnly);
    }
  }

  @Test
  void roundTripsWithRandomIvAndCurrentTime() {
    Fernet f = Fernet.fromKey(Fernet.generateKey());
    String a = f.encrypt("ghp_secret");
    String b = f.encrypt("ghp_secret");
    assertThat(a).isNotEqualTo(b).startsWith("gAAAAA").endsWith("=");
    assertThat(f.decryptToString(a)).isEqualTo("ghp_secret");
    assertThat(f.decryptToString(f.encrypt(""))).isEmpty();
    assertThat(f.toString()).doesNotContain("ghp").contains("<masked>");
  }

  @Test
  void unpaddedTokensAreRejectedLikePython() {
    Fernet f = Fernet.fromKey(Fernet.generateKey());
    String token = f.encrypt("x");
    assertThat(token).endsWith("==");
    assertThatThrownBy(() -> f.decrypt(token.replace("=", "")))
        .isInstanceOf(CryptoException.class)
        .hasMessageContaining("padded");
  }

  @Test
  void malformedKeysSayWhatIsWrongWithoutEchoingThem() {
    assertThatThrownBy(() -> Fernet.fromKey("c2hvcnQta2V5"))
        .isInstanceOf(CryptoException.class)
        .hasMessageContaining("instead of 32")
        .hasMessageNotContaining("c2hvcnQta2V5");
    assertThatThrownBy(() -> Fernet.fromKey("not/base64+url!!"))
        .isInstanceOf(CryptoException.class)
        .hasMessageContaining("url-safe base64")
        .hasMessageNotContaining("not/base64");
  }
}
