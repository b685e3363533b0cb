package io.mcpbot.core.crypto;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * An ordered set of Fernet keys with Python's MultiFernet semantics: encrypt with the first
 * (newest) key, decrypt with whichever key opens the token. Immutable and thread-safe.
 */
public final class KeyRing implements SecretBox {

  private final List<Fernet> keys;

  private KeyRing(List<Fernet> keys) {
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("a key ring needs at least one key");
    }
    this.keys = List.copyOf(keys);
  }

  /**
   * Builds a ring from base64url keys, newest first.
   *
   * @param source what the keys came from, used in messages (e.g. "ENCRYPTION_KEY")
   * @throws CryptoException naming {@code source} and which entry is malformed (never the key)
   */
  public static KeyRing of(String source, List<String> base64Keys) {
    Objects.requireNonNull(source, "source");
    if (base64Keys.isEmpty()) {
      throw new CryptoException(source + " contains no key; create one with `mcpbot gen-key`");
    }
    List<Fernet> parsed = new ArrayList<>();
    for (int i = 0; i < base64Keys.size(); i++) {
      try {
        parsed.add(Fernet.fromKey(base64Keys.get(i)));
      } catch (CryptoException e) {
        throw new CryptoException(
            describeEntry(source, i, base64Keys.size()) + " " + e.getMessage());
      }
    }
    return new KeyRing(parsed);
  }

  /** Splits a comma-separated list (blank entries ignored) and calls {@link #of}. */
  public static KeyRing parse(String source, String commaSeparatedKeys) {
    return of(source, splitKeys(commaSeparatedKeys));
  }

  /**
   * The ring a deployment is configured with: the {@code keys} (ENCRYPTION_KEY entries, newest
   * first), then, if {@code masterPassword} is non-null, its PBKDF2-derived key as the last,
   * decrypt-mostly entry (so a deployment can move from a password to a key with {@code
   * rotate-key}). With only a password, the derived key is the whole ring, as in the Python bot.
   *
   * @throws CryptoException if neither is given or a key is malformed
   */
  public static KeyRing configured(
      List<String> keys, String masterPassword, String salt, int iterations) {
    List<Fernet> all = new ArrayList<>();
    if (!keys.isEmpty()) {
      all.addAll(of("ENCRYPTION_KEY", keys).keys);
    }
    if (masterPassword != null) {
      all.add(Fernet.fromKey(KeyDerivation.deriveFernetKey(masterPassword, salt, iterations)));
    }
    if (all.isEmpty()) {
      throw new CryptoException("no ENCRYPTION_KEY and no MASTER_PASSWORD");
    }
    return new KeyRing(all);
  }

  /**
   * What is wrong with each malformed entry of {@code base64Keys} ("ENCRYPTION_KEY: the 2nd key (of
   * 3) is not url-safe base64 ..."), never echoing a key; empty when all are well formed.
   */
  public static List<String> problems(String source, List<String> base64Keys) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < base64Keys.size(); i++) {
      try {
        Fernet.decodeKey(base64Keys.get(i));
      } catch (CryptoException e) {
        out.add(describeEntry(source, i, base64Keys.size()) + " " + e.getMessage());
      }
    }
    return out;
  }

  /** Splits a comma-separated key list, trimming entries and dropping blank ones. */
  public static List<String> splitKeys(String commaSeparated) {
    List<String> out = new ArrayList<>();
    for (String part : commaSeparated.split(",")) {
      if (!part.isBlank()) {
        out.add(part.strip());
      }
    }
    return out;
  }

  /** A new random key in Fernet's text form. */
  public static String generateKey() {
    return Fernet.generateKey();
  }

  /** A ring whose first (encrypting) keys are {@code newer}'s, followed by this ring's keys. */
  public KeyRing withNewer(KeyRing newer) {
    List<Fernet> all = new ArrayList<>(newer.keys);
    all.addAll(keys);
    return new KeyRing(all);
  }

  /** Number of keys. */
  public int size() {
    return keys.size();
  }

  @Override
  public String encrypt(String plaintext) {
    return keys.getFirst().encrypt(plaintext.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public String decrypt(String token) {
    CryptoException last = null;
    for (Fernet key : keys) {
      try {
        return new String(key.decrypt(token), StandardCharsets.UTF_8);
      } catch (CryptoException e) {
        last = e;
      }
    }
    throw new CryptoException(
        "No key in the ring ("
            + keys.size()
            + (keys.size() == 1 ? " key" : " keys")
            + ") opens this token; last error: "
            + last.getMessage()
            + ". Check ENCRYPTION_KEY / MASTER_PASSWORD / ENCRYPTION_SALT");
  }

  /** Index (0 = newest) of the first key that opens {@code token}, or empty if none does. */
  public OptionalInt indexOf(String token) {
    for (int i = 0; i < keys.size(); i++) {
      if (keys.get(i).opens(token)) {
        return OptionalInt.of(i);
      }
    }
    return OptionalInt.empty();
  }

  /** True if some key opens {@code token}. */
  public boolean opens(String token) {
    return indexOf(token).isPresent();
  }

  /** True if the newest key opens {@code token} (rotate-key: "already under the new key"). */
  public boolean isCurrent(String token) {
    return keys.getFirst().opens(token);
  }

  @Override
  public String toString() {
    return "KeyRing[" + keys.size() + " keys, <masked>]";
  }

  static String describeEntry(String source, int index, int count) {
    if (count == 1) {
      return source + ":";
    }
    return source + ": the " + ordinal(index + 1) + " key (of " + count + ")";
  }

  private static String ordinal(int n) {
    int mod100 = n % 100;
    String suffix =
        (mod100 >= 11 && mod100 <= 13)
            ? "th"
            : switch (n % 10) {
              case 1 -> "st";
              case 2 -> "nd";
              case 3 -> "rd";
              default -> "th";
            };
    return n + suffix;
  }
}
