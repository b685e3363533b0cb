package io.mcpbot.core.config;

import io.mcpbot.core.store.DatabaseUrl;
import io.mcpbot.core.store.StoreException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Validates the values {@link Settings} reads: each parse reports an invalid value to a {@link
 * Problems} sink and returns the default, so loading never fails. Used only while a Settings is
 * being built, so not thread-safe; messages never echo secret values.
 */
final class SettingsParser {

  /** Receives an invalid value's problem; {@code need} is null for one every command reports. */
  @FunctionalInterface
  interface Problems {
    void bad(Need need, String name, String problem);
  }

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
  private final Problems problems;

  /** {@code get} returns a variable's value, empty if unset or blank. */
  SettingsParser(Function<String, Optional<String>> get, Problems problems) {
    this.get = get;
    this.problems = problems;
  }

  /**
   * ENCRYPTION_KEY's comma-separated entries (blank ones dropped), each checked as a Fernet key.
   */
  List<Secret> encryptionKeys() {
    List<Secret> keys = new ArrayList<>();
    get.apply("ENCRYPTION_KEY")
        .ifPresent(
            raw -> {
              String[] parts = raw.split(",");
              List<String> entries = new ArrayList<>();
              for (String p : parts) {
                if (!p.isBlank()) {
                  entries.add(p.strip());
                }
              }
              for (int i = 0; i < entries.size(); i++) {
                String problem = EnvValues.fernetKeyProblem(entries.get(i));
                if (problem != null) {
                  problems.bad(
                      Need.ENCRYPTION,
                      "ENCRYPTION_KEY",
                      EnvValues.describeEntry("ENCRYPTION_KEY", i, entries.size())
                          + " "
                          + problem
                          + ": a Fernet key is 44 url-safe base64 characters; create one with"
                          + " `mcpbot gen-key`");
                }
                keys.add(new Secret(entries.get(i)));
              }
            });
    return List.copyOf(keys);
  }

  int kdfIterations() {
    Optional<String> raw = get.apply("ENCRYPTION_KDF_ITERATIONS");
    if (raw.isEmpty()) {
      return Settings.DEFAULT_KDF_ITERATIONS;
    }
    try {
      int n = Integer.parseInt(raw.get().strip());
      if (n >= Settings.DEFAULT_KDF_ITERATIONS) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    problems.bad(
        Need.ENCRYPTION,
        "ENCRYPTION_KDF_ITERATIONS",
        "ENCRYPTION_KDF_ITERATIONS must be a whole number >= 100000 (got '"
            + raw.get().strip()
            + "'); unset it for the default 100000 used by Python deployments");
    return Settings.DEFAULT_KDF_ITERATIONS;
  }

  /** An http(s) URL with a trailing slash, or {@code fallback} (nullable) if unset or invalid. */
  URI url(Need need, String name, URI fallback) {
    Optional<String> raw = get.apply(name);
    if (raw.isEmpty()) {
      return fallback;
    }
    URI uri = EnvValues.parseHttpUrl(raw.get());
    if (uri == null) {
      problems.bad(
          need,
          name,
          name
              + " is not an http(s) URL with a host: set it like https://host/path/ or unset it"
              + (fallback == null ? "" : " for the default " + fallback));
      return fallback;
    }
    return EnvValues.withTrailingSlash(uri);
  }

  /** LLM_PROVIDER lower-cased, or null if unset; reported (but still returned) if unknown. */
  String llmProvider() {
    String provider =
        get.apply("LLM_PROVIDER").map(s -> s.strip().toLowerCase(Locale.ROOT)).orElse(null);
    if (provider != null && !Requirements.LLM_PROVIDERS.contains(provider)) {
      problems.bad(
          Need.LLM,
          "LLM_PROVIDER",
          "LLM_PROVIDER must be openai, groq or anthropic, or openai-compatible for a server at"
              + " OPENAI_BASE_URL (Ollama, vLLM, LiteLLM); or unset it to choose from LLM_MODEL"
              + " and the keys present");
    }
    return provider;
  }

  String logLevel() {
    String raw = get.apply("LOG_LEVEL").map(s -> s.strip().toUpperCase(Locale.ROOT)).orElse("INFO");
    String level =
        switch (raw) {
          case "WARNING" -> "WARN";
          case "CRITICAL", "FATAL" -> "ERROR";
          default -> raw;
        };
    if (!LOG_LEVELS.contains(level)) {
      problems.bad(
          null,
          "LOG_LEVEL",
          "LOG_LEVEL must be one of TRACE, DEBUG, INFO, WARN(ING), ERROR, OFF (got '" + raw + "')");
      return "INFO";
    }
    return level;
  }

  boolean sqlEcho() {
    Optional<String> raw = get.apply("SQL_ECHO");
    if (raw.isEmpty()) {
      return false;
    }
    Boolean b = EnvValues.parseBool(raw.get());
    if (b == null) {
      problems.bad(
          Need.DATABASE,
          "SQL_ECHO",
          "SQL_ECHO must be true or false (also 1/0, yes/no, on/off); got '"
              + raw.get().strip()
              + "'");
      return false;
    }
    return b;
  }

  /** Reports an unsupported or malformed DATABASE_URL, if set. */
  void checkDatabaseUrl() {
    get.apply("DATABASE_URL").ifPresent(this::checkDatabaseUrl);
  }

  private void checkDatabaseUrl(String url) {
    String lower = url.strip().toLowerCase(Locale.ROOT);
    if (DB_PREFIXES.stream().noneMatch(lower::startsWith)) {
      problems.bad(
          Need.DATABASE,
          "DATABASE_URL",
          "DATABASE_URL has an unsupported scheme '"
              + EnvValues.schemeOf(url.strip())
              + "': use postgresql://user:pass@host:5432/db (postgresql+asyncpg://, postgres://"
              + " and jdbc:postgresql:// also work) or jdbc:h2:..., or unset it for the embedded H2"
              + " database under ./data/");
      return;
    }
    try {
      // Port, host and database name too, so they are reported with every other problem at once.
      DatabaseUrl.parse(url);
    } catch (StoreException e) {
      problems.bad(Need.DATABASE, "DATABASE_URL", e.getMessage());
    }
  }
}
