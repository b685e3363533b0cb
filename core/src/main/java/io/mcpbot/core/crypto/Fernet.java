package io.mcpbot.core.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * One Fernet key, implementing the <a href="https://github.com/fernet/spec">Fernet spec</a>
 * exactly: version 0x80, 64-bit big-endian timestamp, AES-128-CBC with PKCS7, HMAC-SHA256 over
 * version|timestamp|iv|ciphertext (compared in constant time), url-safe base64 with padding. Tokens
 * are interchangeable with Python's {@code cryptography.fernet.Fernet}. Data at rest has no TTL, so
 * {@link #decrypt(String)} ignores the timestamp; {@link #decrypt(String, Duration, Instant)}
 * applies the spec's TTL and clock-skew rules. Immutable and thread-safe.
 */
public final class Fernet {

  /** Raw key length: 16 bytes signing key followed by 16 bytes encryption key. */
  public static final int KEY_BYTES = 32;

  static final byte VERSION = (byte) 0x80;
  private static final int TS = 8;
  private static final int IV = 16;
  private static final int HMAC = 32;
  private static final int HEADER = 1 + TS + IV;
  private static final long MAX_CLOCK_SKEW_SECONDS = 60;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SecretKeySpec signingKey;
  private final SecretKeySpec encryptionKey;

  private Fernet(byte[] key) {
    this.signingKey = new SecretKeySpec(key, 0, 16, "HmacSHA256");
    this.encryptionKey = new SecretKeySpec(key, 16, 16, "AES");
  }

  /**
   * Parses a url-safe base64 key (44 characters with padding, as Python's {@code
   * Fernet.generate_key()} prints it).
   *
   * @throws CryptoException naming the problem (not the key) if it is not 32 bytes of base64url
   */
  public static Fernet fromKey(String base64Key) {
    return new Fernet(decodeKey(base64Key));
  }

  /** Validates a base64url key and returns its 32 raw bytes; the message never echoes the key. */
  static byte[] decodeKey(String base64Key) {
    Objects.requireNonNull(base64Key, "key");
    String k = base64Key.strip();
    byte[] raw;
    try {
      raw = Base64.getUrlDecoder().decode(k);
    } catch (IllegalArgumentException e) {
      throw new CryptoException(
          "is not url-safe base64 (a Fernet key is 44 characters of A-Z a-z 0-9 - _ ending in"
              + " '='; create one with `mcpbot gen-key`)");
    }
    if (raw.length != KEY_BYTES) {
      throw new CryptoException(
          "decodes to "
              + raw.length
              + " bytes instead of 32 (create a valid key with `mcpbot gen-key`)");
    }
    return raw;
  }

  /** A fresh random key, url-safe base64 with padding (same format as Python's generate_key). */
  public static String generateKey() {
    byte[] key = new byte[KEY_BYTES];
    RANDOM.nextBytes(key);
    return Base64.getUrlEncoder().encodeToString(key);
  }

  /** Encrypts with the current time and a random IV. */
  public String encrypt(byte[] plaintext) {
    byte[] iv = new byte[IV];
    RANDOM.nextBytes(iv);
    return encrypt(plaintext, Instant.now(), iv);
  }

  /** Encrypts UTF-8 text with the current time and a random IV. */
  public String encrypt(String plaintext) {
    return encrypt(plaintext.getBytes(StandardCharsets.UTF_8));
  }

  /** Deterministic form for the spec's generate vectors: caller supplies time and IV. */
  String encrypt(byte[] plaintext, Instant now, byte[] iv) {
    Objects.requireNonNull(plaintext, "plaintext");
    if (iv.length != IV) {
      throw new IllegalArgumentException("iv must be 16 bytes");
    }
    try {
      Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
      cipher.init(Cipher.ENCRYPT_MODE, encryptionKey, new IvParameterSpec(iv));
      int ctLen = cipher.getOutputSize(plaintext.length);
      ByteBuffer buf = ByteBuffer.allocate(HEADER + ctLen + HMAC);
      buf.put(VERSION).putLong(now.getEpochSecond()).put(iv);
      int written = cipher.doFinal(plaintext, 0, plaintext.length, buf.array(), HEADER);
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(signingKey);
      mac.update(buf.array(), 0, HEADER + written);
      mac.doFinal(buf.array(), HEADER + written);
      return Base64.getUrlEncoder().encodeToString(buf.array());
    } catch (GeneralSecurityException e) {
      throw new CryptoException("AES/HMAC unavailable in this JVM: " + e.getClass().getName(), e);
    }
  }

  /** Opens a token regardless of its age (data at rest has no TTL). */
  public byte[] decrypt(String token) {
    return open(token, null, null);
  }

  /** Opens a token to UTF-8 text regardless of its age. */
  public String decryptToString(String token) {
    return new String(decrypt(token), StandardCharsets.UTF_8);
  }

  /**
   * Opens a token only if it is at most {@code ttl} old at {@code now} and not more than 60 s in
   * the future (the spec's verify rules).
   */
  public byte[] decrypt(String token, Duration ttl, Instant now) {
    return open(token, Objects.requireNonNull(ttl, "ttl"), Objects.requireNonNull(now, "now"));
  }

  /** True if this key opens the token (HMAC and padding check out; no TTL). Never throws. */
  public boolean opens(String token) {
    try {
      decrypt(token);
      return true;
    } catch (CryptoException e) {
      return false;
    }
  }

  private byte[] open(String token, Duration ttl, Instant now) {
    Objects.requireNonNull(token, "token");
    byte[] data = decodeToken(token.strip());
    if (data.length < HEADER + IV + HMAC) {
      throw invalid("too short to be a Fernet token");
    }
    if (data[0] != VERSION) {
      throw invalid("unknown version byte (expected 0x80)");
    }
    if ((data.length - HEADER - HMAC) % IV != 0) {
      throw invalid("ciphertext is not a whole number of AES blocks");
    }
    long timestamp = ByteBuffer.wrap(data, 1, TS).getLong();
    if (ttl != null) {
      long nowSec = now.getEpochSecond();
      if (timestamp + ttl.toSeconds() < nowSec) {
        throw invalid("token has expired (older than its TTL)");
      }
      if (nowSec + MAX_CLOCK_SKEW_SECONDS < timestamp) {
        throw invalid("token timestamp is too far in the future (clock skew)");
      }
    }
    int signedLen = data.length - HMAC;
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(signingKey);
      mac.update(data, 0, signedLen);
      byte[] expected = mac.doFinal();
      if (!MessageDigest.isEqual(expected, Arrays.copyOfRange(data, signedLen, data.length))) {
        throw invalid("HMAC mismatch: wrong key or tampered token");
      }
      Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
      cipher.init(Cipher.DECRYPT_MODE, encryptionKey, new IvParameterSpec(data, 1 + TS, IV));
      return cipher.doFinal(data, HEADER, signedLen - HEADER);
    } catch (javax.crypto.BadPaddingException | javax.crypto.IllegalBlockSizeException e) {
      throw invalid("bad padding after decryption");
    } catch (GeneralSecurityException e) {
      throw new CryptoException("AES/HMAC unavailable in this JVM: " + e.getClass().getName(), e);
    }
  }

  private static byte[] decodeToken(String token) {
    // Like Python's base64.urlsafe_b64decode, padding is required (tokens are always padded).
    if (token.isEmpty() || token.length() % 4 != 0) {
      throw invalid("not padded url-safe base64");
    }
    try {
      return Base64.getUrlDecoder().decode(token);
    } catch (IllegalArgumentException e) {
      throw invalid("not url-safe base64");
    }
  }

  private static CryptoException invalid(String why) {
    return new CryptoException("Invalid Fernet token (" + why + ")");
  }

  @Override
  public String toString() {
    return "Fernet[key=<masked>]";
  }
}
