package io.mcpbot.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class KeyRingTest {
  private static final String SALT = KeyDerivation.DEFAULT_SALT;
  private static final int ITERATIONS = KeyDerivation.DEFAULT_ITERATIONS;

  private static final String PY_KEY = "geI-fHkH-lnKUt24h9jacCIx2-ggadXqeBMxAElxb-M=";
  private static final String PY_PASSWORD = "correct horse battery staple";

  @Test
  void encryptsWithTheFirstKeyAndDecryptsWithAny() {
    String newer = KeyRing.generateKey();
    String older = KeyRing.generateKey();
    KeyRing oldRing = KeyRing.parse("ENCRYPTION_KEY", older);
    KeyRing ring = KeyRing.parse("ENCRYPTION_KEY", newer + ", " + older + ",");
    assertThat(ring.size()).isEqualTo(2);

    String legacy = oldRing.encrypt("value-1");
    String fresh = ring.encrypt("value-2");
    assertThat(ring.decrypt(legacy)).isEqualTo("value-1");
    assertThat(ring.indexOf(legacy)).hasValue(1);
    assertThat(ring.indexOf(fresh)).hasValue(0);
    assertThat(ring.isCurrent(fresh)).isTrue();
    assertThat(oldRing.opens(fresh)).isFalse();
    assertThat(KeyRing.parse("x", newer).decrypt(fresh)).isEqualTo("value-2");
  }

  @Test
  void withNewerPutsTheNewKeyFirst() {
    KeyRing current = KeyRing.parse("ENCRYPTION_KEY", KeyRing.generateKey());
    KeyRing next = KeyRing.parse("NEW_KEY", KeyRing.generateKey());
    KeyRing rotating = current.withNewer(next);
    String old = current.encrypt("s");
    assertThat(rotating.indexOf(old)).hasValue(1);
    assertThat(next.decrypt(rotating.encrypt("s"))).isEqualTo("s");
  }

  @Test
  void malformedEntryIsNamedByPositionWithoutEchoingIt() {
    String good = KeyRing.generateKey();
    assertThatThrownBy(() -> KeyRing.parse("ENCRYPTION_KEY", good + ",tooShortKey"))
        .isInstanceOf(CryptoException.class)
        .hasMessageContaining("ENCRYPTION_KEY: the 2nd key (of 2)")
        .hasMessageContaining("instead of 32")
        .hasMessageNotContaining("tooShortKey")
        .hasMessageNotContaining(good);
    assertThatThrownBy(() -> KeyRing.parse("ENCRYPTION_KEY", "***"))
        .isInstanceOf(CryptoException.class)
        .hasMessageStartingWith("ENCRYPTION_KEY: is not url-safe base64");
    assertThatThrownBy(() -> KeyRing.parse("ENCRYPTION_KEY", " , "))
        .isInstanceOf(CryptoException.class)
        .hasMessageContaining("gen-key");
  }

  @Test
  void failedDecryptNeverRevealsKeyOrPlaintext() {
    String key = KeyRing.generateKey();
    String token = KeyRing.parse("a", KeyRing.generateKey()).encrypt("hunter2-plaintext");
    KeyRing ring = KeyRing.parse("ENCRYPTION_KEY", key);
    assertThatThrownBy(() -> ring.decrypt(token))
        .isInstanceOf(CryptoException.class)
        .hasMessageContaining("HMAC mismatch")
        .hasMessageNotContaining("hunter2")
        .hasMessageNotContaining(key);
    assertThat(ring.toString()).doesNotContain(key);
  }

  @Test
  void configuredUsesTheKeyList() {
    String k1 = KeyRing.generateKey();
    String k2 = KeyRing.generateKey();
    KeyRing ring = KeyRing.configured(List.of(k1, k2), null, SALT, ITERATIONS);
    assertThat(ring.size()).isEqualTo(2);
    assertThat(KeyRing.parse("k1", k1).decrypt(ring.encrypt("x"))).isEqualTo("x");
  }

  @Test
  void configuredDerivesFromMasterPasswordLikePython() {
    KeyRing ring = KeyRing.configured(List.of(), PY_PASSWORD, SALT, ITERATIONS);
    String pythonToken =
        "gAAAAABrBPpCaEpDgKqL1HKNX3ZaTxwrLzzfj9PvlxExsSyVuAIZEgxze19KD-BaOZyIuam9nk1oEN-pRmwXV7mawxMmnuMcRA==";
    assertThat(ring.decrypt(pythonToken)).isEqualTo("x");
    assertThat(KeyRing.parse("py", PY_KEY).decrypt(ring.encrypt("y"))).isEqualTo("y");
  }

  @Test
  void keyWinsAndPasswordStaysAsDecryptOnlyFallback() {
    String key = KeyRing.generateKey();
    KeyRing ring = KeyRing.configured(List.of(key), PY_PASSWORD, SALT, ITERATIONS);
    assertThat(ring.size()).isEqualTo(2);
    String underPassword = KeyRing.parse("py", PY_KEY).encrypt("legacy");
    assertThat(ring.decrypt(underPassword)).isEqualTo("legacy");
    assertThat(ring.indexOf(underPassword)).hasValue(1);
    assertThat(KeyRing.parse("k", key).decrypt(ring.encrypt("new"))).isEqualTo("new");
  }

  @Test
  void configuredWithoutAnyKeyIsRefused() {
    assertThatThrownBy(() -> KeyRing.configured(List.of(), null, SALT, ITERATIONS))
        .isInstanceOf(CryptoException.class)
        .hasMessageContaining("ENCRYPTION_KEY");
  }

  @Test
  void generatedKeysHavePythonsFormat() {
    String key = KeyRing.generateKey();
    assertThat(key).hasSize(44).endsWith("=").matches("[A-Za-z0-9_=-]+");
    assertThat(List.of(key, KeyRing.generateKey())).doesNotHaveDuplicates();
  }
}
