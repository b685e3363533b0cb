package io.mcpbot.bot.internal;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Short reference ids a user can quote to an admin, who finds the details in the log. */
public final class RefIds {
  private static final SecureRandom RANDOM = new SecureRandom();

  private RefIds() {}

  /** Eight lowercase hex characters. Thread-safe. */
  public static String next() {
    byte[] bytes = new byte[4];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
