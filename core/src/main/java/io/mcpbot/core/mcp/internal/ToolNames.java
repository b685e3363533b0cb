package io.mcpbot.core.mcp.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;

/** Makes {@code <server>__<tool>} names that fit {@code ^[a-zA-Z0-9_-]{1,64}$}. Stateless. */
public final class ToolNames {
  private ToolNames() {}

  /** A valid, {@code taken}-unique name for the tool; adds a short hash when it must shorten. */
  public static String qualify(String server, String tool, Set<String> taken) {
    String raw = server + "__" + tool;
    String name = raw.replaceAll("[^a-zA-Z0-9_-]", "_");
    if (name.length() > 64 || !name.equals(raw)) {
      name = name.length() > 64 ? name.substring(0, 55) + "_" + hash(raw) : name;
    }
    String candidate = name;
    for (int i = 2; taken.contains(candidate); i++) {
      String suffix = "_" + i;
      candidate = name.substring(0, Math.min(name.length(), 64 - suffix.length())) + suffix;
    }
    return candidate;
  }

  private static String hash(String s) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
