package io.mcpbot.core.config;

import io.mcpbot.core.crypto.KeyDerivation;
import io.mcpbot.core.crypto.KeyRing;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Function;

/**
 * Parses and judges the variables {@link Settings} reads, once: each method returns its typed value
 * (a default where a value is invalid) and records every problem as a {@link Problem}. Slack, LLM
 * and agent variables are in {@link CapabilityParser}. Used only while a Settings is being built,
 * so not thread-safe; messages never echo secret values.
 */
class SettingsParser {

  private static final Set<String> LOG_LEVELS =
      Set.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF");
  private static final List<String> DB_PREFIXES =
      List.of(
          "postgresql+asyncpg://",
          "postgresql://",
          "postgres://",
          "jdbc:postgresql://",
          "jdbc:h2:");

  private final Function<String, Optional<String>> get;
  private final List<Problem> problems;

  /** {@code get} returns a variable's value, empty if unset or blank; problems go to the list. */
  SettingsParser(Function<String, Optional<String>> get, List<Problem> problems) {
    this.get = get;
    this.problems = problems;
  }

  final Optional<String> get(String name) {
    return get.apply(name);
  }

  final void bad(Need need, String variable, String message) {
    problems.add(new Problem(need, variable, message));
  }

  final int problemCount() {
    return problems.size();
  }

  final Optional<Secret> secret(String name) {
    return get(name).map(Secret::new);
  }

  EncryptionSettings encryption() {
    List<String> entries = get("ENCRYPTION_KEY").map(KeyRing::splitKeys).orElse(List.of());
    for (String problem : KeyRing.problems("ENCRYPTION_KEY", entries)) {
      bad(Need.ENCRYPTION, "ENCRYPTION_KEY", problem);
    }
    Optional<Secret> password = secret("MASTER_PASSWORD");
    if (entries.isEmpty() && password.isEmpty()) {
      bad(Need.ENCRYPTION, "ENCRYPTION_KEY", Settings.MISSING_ENCRYPTION);
    }
    return new EncryptionSettings(
        entries.stream().map(Secret::new).toList(),
        password,
        get("ENCRYPTION_SALT").orElse(KeyDerivation.DEFAULT_SALT),
        kdfIterations());
  }

  private int kdfIterations() {
    return wholeNumber(
            Need.ENCRYPTION,
            "ENCRYPTION_KDF_ITERATIONS",
            KeyDerivation.DEFAULT_ITERATIONS,
            raw ->
                "ENCRYPTION_KDF_ITERATIONS must be a whole number >= "
                    + KeyDerivation.DEFAULT_ITERATIONS
                    + " (got '"
                    + raw.strip()
                    + "'); unset it for the default "
                    + KeyDerivation.DEFAULT_ITERATIONS
                    + " used by Python deployments")
        .orElse(KeyDerivation.DEFAULT_ITERATIONS);
  }

  /**
   * The whole number in {@code name} when it is at least {@code min}; empty when unset, and empty
   * after reporting {@code complaint} (given the raw value) when set to anything else.
   */
  final OptionalInt wholeNumber(
      Need need, String name, int min, Function<String, String> complaint) {
    Optional<String> raw = get(name);
    if (raw.isEmpty()) {
      return OptionalInt.empty();
    }
    try {
      int n = Integer.parseInt(raw.get().strip());
      if (n >= min) {
        return OptionalInt.of(n);
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    bad(need, name, complaint.apply(raw.get()));
    return OptionalInt.empty();
  }

  /** An http(s) URL with a trailing slash, or {@code fallback} (nullable) if unset or invalid. */
  final URI url(Need need, String name, URI fallback) {
    return url(
        need,
        name,
        fallback,
        name
            + " is not an http(s) URL with a host: set it like https://host/path/ or unset it"
            + (fallback == null ? "" : " for the default " + fallback));
  }

  /** As {@link #url(Need, String, URI)} with the problem's wording given. */
  final URI url(Need need, String name, URI fallback, String problem) {
    Optional<String> raw = get(name);
    if (raw.isEmpty()) {
      return fallback;
    }
    URI uri = EnvValues.parseHttpUrl(raw.get());
    if (uri == null) {
      bad(need, name, problem);
      return fallback;
    }
    return EnvValues.withTrailingSlash(uri);
  }

  /** LOG_LEVEL as logback names it (WARNING becomes WARN), default INFO; null if invalid. */
  String logLevel() {
    String raw = get("LOG_LEVEL").map(s -> s.strip().toUpperCase(Locale.ROOT)).orElse("INFO");
    String level =
        switch (raw) {
          case "WARNING" -> "WARN";
          case "CRITICAL", "FATAL" -> "ERROR";
          default -> raw;
        };
    if (!LOG_LEVELS.contains(level)) {
      bad(
          null,
          "LOG_LEVEL",
          "LOG_LEVEL must be one of TRACE, DEBUG, INFO, WARN(ING), ERROR, OFF (got '" + raw + "')");
      return null;
    }
    return level;
  }

  /** LOG_FORMAT lower-cased, {@code text} (default) or {@code json}; null if invalid. */
  String logFormat() {
    String raw = get("LOG_FORMAT").map(s -> s.strip().toLowerCase(Locale.ROOT)).orElse("text");
    if (!raw.equals("text") && !raw.equals("json")) {
      bad(null, "LOG_FORMAT", "LOG_FORMAT must be text or json (got '" + raw + "')");
      return null;
    }
    return raw;
  }

  DatabaseSettings database() {
    get("DATABASE_URL").ifPresent(this::checkDatabaseUrl);
    OptionalInt leaseTtl =
        wholeNumber(
            Need.DATABASE,
            "LEASE_TTL",
            1,
            raw -> "LEASE_TTL must be a whole number of seconds, at least 1, got '" + raw + "'");
    return new DatabaseSettings(secret("DATABASE_URL"), sqlEcho(), leaseTtl);
  }

  private boolean sqlEcho() {
    return flag(Need.DATABASE, "SQL_ECHO");
  }

  /** A boolean variable, false when unset or invalid (reported under {@code need}). */
  final boolean flag(Need need, String name) {
    Optional<String> raw = get(name);
    if (raw.isEmpty()) {
      return false;
    }
    Boolean b = EnvValues.parseBool(raw.get());
    if (b == null) {
      String shown = raw.get().strip();
      bad(
          need,
          name,
          name
              + " must be true or false (also 1/0, yes/no, on/off); got '"
              + (shown.length() > 40 ? shown.substring(0, 40) + "..." : shown)
              + "'");
      return false;
    }
    return b;
  }

  /**
   * Reports an unsupported scheme. The rest of the URL (host, port, database) is judged where it is
   * parsed into a connection, by the store; the CLI reports both together.
   */
  private void checkDatabaseUrl(String url) {
    String lower = url.strip().toLowerCase(Locale.ROOT);
    if (DB_PREFIXES.stream().noneMatch(lower::startsWith)) {
      bad(
          Need.DATABASE,
          "DATABASE_URL",
          "DATABASE_URL has an unsupported scheme '"
              + EnvValues.schemeOf(url.strip())
              + "': use postgresql://user:pass@host:5432/db (postgresql+asyncpg://, postgres://"
              + " and jdbc:postgresql:// also work) or jdbc:h2:..., or unset it for the embedded H2"
              + " database under ./data/");
    }
  }
}
