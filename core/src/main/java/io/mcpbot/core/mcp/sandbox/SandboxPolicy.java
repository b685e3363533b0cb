package io.mcpbot.core.mcp.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * A server's {@code sandbox} object in servers_config.json: {@code network} (default true), {@code
 * read_only} (absolute host paths), {@code writable} (paths relative to the user's directory, no
 * {@code ..}), and limits {@code memory_mb}, {@code processes}, {@code open_files}, {@code
 * file_size_mb}. Immutable; lists never null.
 */
public record SandboxPolicy(
    boolean network, List<String> readOnly, List<String> writable, SandboxLimits limits) {
  public static final SandboxPolicy DEFAULT =
      new SandboxPolicy(true, List.of(), List.of(), SandboxLimits.DEFAULTS);

  static final List<String> KEYS =
      List.of(
          "network",
          "read_only",
          "writable",
          "memory_mb",
          "processes",
          "open_files",
          "file_size_mb");

  public SandboxPolicy {
    readOnly = List.copyOf(readOnly);
    writable = List.copyOf(writable);
    if (limits == null) {
      throw new IllegalArgumentException("limits must not be null");
    }
  }

  /**
   * Parses a server's {@code sandbox} value ({@code null} or missing: {@link #DEFAULT}). Every
   * problem is added to {@code errors} as {@code server 'x': sandbox.key ...; fix}; unknown keys go
   * to {@code warnings}. Returns the policy with the valid parts (defaults where a key was bad).
   */
  public static SandboxPolicy parse(
      String server, JsonNode node, List<String> errors, List<String> warnings) {
    String where = "server '" + server + "': sandbox";
    if (node == null || node.isNull() || node.isMissingNode()) {
      return DEFAULT;
    }
    if (!node.isObject()) {
      errors.add(where + " must be an object like {\"network\": false, \"memory_mb\": 512}");
      return DEFAULT;
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!KEYS.contains(key)) {
        warnings.add(where + "." + key + " is not a known key (ignored); known: " + KEYS);
      }
    }
    boolean network = true;
    JsonNode net = node.get("network");
    if (net != null) {
      if (net.isBoolean()) {
        network = net.booleanValue();
      } else {
        errors.add(where + ".network must be true or false");
      }
    }
    List<String> ro = paths(where + ".read_only", node.get("read_only"), true, errors);
    List<String> rw = paths(where + ".writable", node.get("writable"), false, errors);
    SandboxLimits d = SandboxLimits.DEFAULTS;
    long mib = 1024L * 1024;
    long memory = number(where, node, "memory_mb", 64, 1 << 20, d.memoryBytes() / mib, errors);
    long procs = number(where, node, "processes", 8, 1 << 16, d.processes(), errors);
    long files = number(where, node, "open_files", 64, 1 << 20, d.openFiles(), errors);
    long fsize = number(where, node, "file_size_mb", 1, 1 << 24, d.fileSizeBytes() / mib, errors);
    var limits = new SandboxLimits(memory * mib, (int) procs, (int) files, fsize * mib);
    return new SandboxPolicy(network, ro, rw, limits);
  }

  private static List<String> paths(
      String where, JsonNode node, boolean absolute, List<String> errors) {
    List<String> out = new ArrayList<>();
    if (node == null) {
      return out;
    }
    String example = absolute ? "[\"/srv/shared-docs\"]" : "[\"cache\", \"files/out\"]";
    if (!node.isArray()) {
      errors.add(where + " must be a list of paths, e.g. " + example);
      return out;
    }
    for (int i = 0; i < node.size(); i++) {
      JsonNode e = node.get(i);
      String at = where + "[" + i + "]";
      if (!e.isTextual() || e.asText().isBlank()) {
        errors.add(at + " must be a non-empty path string, e.g. " + example);
        continue;
      }
      String v = e.asText();
      String problem = absolute ? checkAbsolute(v) : checkRelative(v);
      if (problem != null) {
        errors.add(at + " '" + v + "' " + problem);
      } else {
        out.add(v);
      }
    }
    return out;
  }

  private static String checkAbsolute(String v) {
    try {
      Path p = Path.of(v);
      if (!p.isAbsolute()) {
        return "must be an absolute host path, e.g. /srv/shared-docs";
      }
      if (p.normalize().getNameCount() == 0) {
        return "would expose the whole filesystem; name the directory the server needs";
      }
      return null;
    } catch (InvalidPathException e) {
      return "is not a valid path";
    }
  }

  private static String checkRelative(String v) {
    try {
      Path p = Path.of(v);
      if (p.isAbsolute() || p.normalize().startsWith("..") || v.contains("${")) {
        return "must be relative to the user's directory and stay inside it, e.g. \"cache\"";
      }
      return null;
    } catch (InvalidPathException e) {
      return "is not a valid path";
    }
  }

  private static long number(
      String where, JsonNode node, String key, long min, long max, long dflt, List<String> errors) {
    JsonNode n = node.get(key);
    if (n == null) {
      return dflt;
    }
    if (!n.canConvertToLong() || !n.isIntegralNumber() || n.asLong() < min || n.asLong() > max) {
      errors.add(where + "." + key + " must be a whole number from " + min + " to " + max);
      return dflt;
    }
    return n.asLong();
  }

  /** The keys a {@code sandbox} object accepts, for help texts. */
  public static List<String> keys() {
    return KEYS;
  }
}
