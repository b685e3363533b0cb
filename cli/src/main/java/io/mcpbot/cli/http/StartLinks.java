package io.mcpbot.cli.http;

import io.mcpbot.bot.ConnectLinks;
import io.mcpbot.core.config.EncryptionSettings;
import io.mcpbot.core.config.Secret;
import io.mcpbot.core.crypto.KeyDerivation;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signed Connect links: {@code <PUBLIC_URL>/oauth/start?u=USER&s=SERVER&e=EXPIRY&sig=HMAC}, the
 * HMAC-SHA256 key derived from the bot's encryption key so every replica can verify a link another
 * rendered, and rendering writes nothing. A link names who may start the flow; the flow itself is
 * still bound to the browser that starts it. Immutable and thread-safe.
 */
public final class StartLinks implements ConnectLinks {
  /** How long a rendered Connect button works: an App Home may be looked at long after. */
  public static final Duration DEFAULT_TTL = Duration.ofHours(12);

  private static final String PURPOSE = "mcpbot oauth start link v1";

  private final URI publicBase;
  private final byte[] key;
  private final Duration ttl;
  private final Clock clock;

  /**
   * @param publicBase PUBLIC_URL with a trailing slash, or null (then no link is made)
   * @param encryptionKey the bot's key material the signing key is derived from (not kept)
   */
  public StartLinks(URI publicBase, byte[] encryptionKey, Duration ttl, Clock clock) {
    this.publicBase = publicBase;
    this.key = hmac(encryptionKey, PURPOSE.getBytes(StandardCharsets.UTF_8));
    this.ttl = ttl;
    this.clock = clock;
  }

  /**
   * The key material of a deployment: its newest ENCRYPTION_KEY, else the key MASTER_PASSWORD
   * derives (PBKDF2, slow: call once).
   */
  public static byte[] keyMaterial(EncryptionSettings encryption) {
    String fernetKey =
        encryption.keys().isEmpty()
            ? KeyDerivation.deriveFernetKey(
                encryption.masterPassword().map(Secret::reveal).orElseThrow(),
                encryption.salt(),
                encryption.iterations())
            : encryption.keys().get(0).reveal();
    return Base64.getUrlDecoder().decode(fernetKey);
  }

  @Override
  public Optional<URI> startUrl(String userId, String server) {
    if (publicBase == null) {
      return Optional.empty();
    }
    long expiry = clock.instant().plus(ttl).getEpochSecond();
    String query =
        "u="
            + encode(userId)
            + "&s="
            + encode(server)
            + "&e="
            + expiry
            + "&sig="
            + signature(userId, server, expiry);
    return Optional.of(publicBase.resolve("oauth/start?" + query));
  }

  /** What a start request's parameters say. */
  sealed interface Verdict {
    /** Signed by this deployment and not expired. */
    record Valid(String userId, String server) implements Verdict {}

    /** Signed by this deployment, but too old. */
    record Expired(String userId, String server) implements Verdict {}

    /** Missing parameters or a signature this deployment did not make. */
    record Invalid() implements Verdict {}
  }

  Verdict verify(Map<String, String> query) {
    String user = query.get("u");
    String server = query.get("s");
    String sig = query.get("sig");
    long expiry;
    try {
      expiry = Long.parseLong(query.getOrDefault("e", ""));
    } catch (NumberFormatException e) {
      return new Verdict.Invalid();
    }
    if (user == null || server == null || sig == null) {
      return new Verdict.Invalid();
    }
    byte[] expected = signature(user, server, expiry).getBytes(StandardCharsets.US_ASCII);
    if (!MessageDigest.isEqual(expected, sig.getBytes(StandardCharsets.US_ASCII))) {
      return new Verdict.Invalid();
    }
    return clock.instant().getEpochSecond() > expiry
        ? new Verdict.Expired(user, server)
        : new Verdict.Valid(user, server);
  }

  // Length-prefixed fields: no choice of user and server names makes two links sign alike.
  private String signature(String user, String server, long expiry) {
    String signed =
        user.length() + ":" + user + "|" + server.length() + ":" + server + "|" + expiry;
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(hmac(key, signed.getBytes(StandardCharsets.UTF_8)));
  }

  private static byte[] hmac(byte[] key, byte[] data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
    }
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
