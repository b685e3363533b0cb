package io.mcpbot.core.config;

import io.mcpbot.core.llm.LlmConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The bot's configuration, read once from the environment plus an optional {@code .env} file
 * (environment wins), parsed and judged once into typed settings per capability ({@link
 * #database()}, {@link #encryption()}, {@link #slack()}, {@link #llm()}, {@link #agent()}, {@link
 * #pool()}), then immutable and thread-safe. The only place that reads {@code System.getenv}.
 * Loading never fails: every problem is kept as a {@link Problem}; commands call {@link #require}
 * with the capabilities they need and get every problem at once. A capability's accessor throws
 * {@link ConfigException} with that capability's problems. {@link #toString()} masks secrets.
 */
public final class Settings {

  /** The guide's message when neither key nor password is configured. */
  public static final String MISSING_ENCRYPTION =
      "Missing encryption configuration: set ENCRYPTION_KEY (create one with `mcpbot gen-key`)"
          + " or MASTER_PASSWORD";

  private static final List<String> SHOWN =
      List.of(
          "ENCRYPTION_KDF_ITERATIONS",
          "SLACK_API_URL",
          "LLM_PROVIDER",
          "LLM_MODEL",
          "OPENAI_BASE_URL",
          "GROQ_BASE_URL",
          "ANTHROPIC_BASE_URL",
          "AGENT_STEP_LIMIT",
          "AGENT_SYSTEM_PROMPT_FILE",
          "AGENT_MAX_TURNS_PER_USER",
          "APPROVAL_TIMEOUT",
          "ELICITATION_TIMEOUT",
          "ALLOWED_TEAM_IDS",
          "ALLOWED_USER_IDS",
          "ALLOW_GUESTS",
          "ALLOW_EXTERNAL_USERS",
          "LOG_LEVEL",
          "LOG_FORMAT",
          "SQL_ECHO",
          "LEASE_TTL",
          "MCP_SERVERS_CONFIG",
          "USER_DATA_DIR",
          "MCP_SANDBOX",
          "HTTP_HOST",
          "HTTP_PORT",
          "PUBLIC_URL");

  private final Map<String, String> env;
  private final List<Problem> problems;
  private final DatabaseSettings database;
  private final EncryptionSettings encryption;
  private final SlackSettings slack;
  private final AccessSettings access;
  private final LlmConfig llm;
  private final AgentSettings agent;
  private final PoolSettings pool;
  private final HttpSettings http;
  private final String logLevel;
  private final String logFormat;

  private Settings(Map<String, String> env, List<Problem> dotenvProblems) {
    this.env = Map.copyOf(env);
    List<Problem> found = new ArrayList<>(dotenvProblems);
    CapabilityParser parser = new CapabilityParser(this::get, found);
    this.logLevel = parser.logLevel();
    this.logFormat = parser.logFormat();
    this.database = parser.database();
    this.encryption = parser.encryption();
    this.slack = parser.slack();
    this.access = new AccessParser(this::get, found).access();
    this.llm = parser.llm();
    this.agent = parser.agent();
    this.pool = PoolSettings.parse(parser);
    this.http = HttpSettings.parse(parser);
    this.problems = List.copyOf(found);
  }

  /** Reads the process environment and {@code ./.env} (if present); the environment wins. */
  public static Settings fromSystem() {
    return load(System.getenv(), Path.of(".env"));
  }

  /**
   * Builds settings from {@code env} plus {@code dotenvFile} (nullable; ignored if absent), with
   * {@code env} winning for a variable set in both (even to an empty value, like python-dotenv).
   */
  public static Settings load(Map<String, String> env, Path dotenvFile) {
    Map<String, String> merged = new LinkedHashMap<>();
    List<Problem> dotenvProblems = new ArrayList<>();
    if (dotenvFile != null && Files.isRegularFile(dotenvFile)) {
      try {
        DotEnv.Result r =
            DotEnv.parse(
                Files.readString(dotenvFile, StandardCharsets.UTF_8), dotenvFile.toString());
        merged.putAll(r.values());
        r.problems().forEach(p -> dotenvProblems.add(new Problem(null, ".env", p)));
      } catch (IOException e) {
        dotenvProblems.add(
            new Problem(
                null,
                ".env",
                "cannot read "
                    + dotenvFile
                    + " ("
                    + e.getClass().getSimpleName()
                    + "): fix its permissions or remove it"));
      }
    }
    merged.putAll(env);
    return new Settings(merged, dotenvProblems);
  }

  /**
   * Throws one {@link ConfigException} listing every problem of {@code needs} plus the general ones
   * (.env syntax, LOG_LEVEL), if there are any.
   */
  public void require(Need... needs) {
    List<String> all = problems(needs);
    if (!all.isEmpty()) {
      throw new ConfigException(all);
    }
  }

  /** The messages {@link #require} would report, without throwing, in the order found. */
  public List<String> problems(Need... needs) {
    return problemValues(needs).stream().map(Problem::message).toList();
  }

  /** The problems of {@code needs} plus the general ones, as values. */
  public List<Problem> problemValues(Need... needs) {
    Set<Need> wanted = needs.length == 0 ? EnumSet.noneOf(Need.class) : EnumSet.of(needs[0], needs);
    return problems.stream().filter(p -> p.need() == null || wanted.contains(p.need())).toList();
  }

  // ---- typed settings per capability ----

  /** DATABASE_URL, SQL_ECHO and LEASE_TTL. */
  public DatabaseSettings database() {
    return valid(Need.DATABASE, database);
  }

  /** The encryption keys, password, salt and iterations; at least a key or a password is set. */
  public EncryptionSettings encryption() {
    return valid(Need.ENCRYPTION, encryption);
  }

  /** Both Slack tokens, of the right kinds, and the Web API prefix. */
  public SlackSettings slack() {
    return valid(Need.SLACK, slack);
  }

  /**
   * Who may use the bot (ALLOWED_TEAM_IDS, ALLOWED_USER_IDS, ALLOW_GUESTS, ALLOW_EXTERNAL_USERS)
   * and AGENT_MAX_TURNS_PER_USER; judged with {@link Need#SLACK}.
   */
  public AccessSettings access() {
    return valid(Need.SLACK, access);
  }

  /** The chosen LLM provider, model, key and base URL (default timeout and retry policy). */
  public LlmConfig llm() {
    return valid(Need.LLM, llm);
  }

  /** AGENT_STEP_LIMIT and the system prompt from AGENT_SYSTEM_PROMPT_FILE. */
  public AgentSettings agent() {
    return valid(Need.AGENT, agent);
  }

  /** USER_DATA_DIR and MCP_SANDBOX. */
  public PoolSettings pool() {
    return pool;
  }

  /** HTTP_HOST, HTTP_PORT and PUBLIC_URL: the bot's own HTTP endpoint (OAuth callback). */
  public HttpSettings http() {
    return http;
  }

  /** LLM_MODEL (stripped), even when the LLM settings choose no provider. */
  public Optional<String> llmModel() {
    return get("LLM_MODEL").map(String::strip);
  }

  /** LOG_LEVEL upper-cased as logback names it (WARNING becomes WARN), default INFO. */
  public String logLevel() {
    return general("LOG_LEVEL", logLevel);
  }

  /** LOG_FORMAT: {@code text} (default) or {@code json} (one JSON object per line). */
  public String logFormat() {
    return general("LOG_FORMAT", logFormat);
  }

  // a general setting (no capability): its value, or its problems when it was invalid (null)
  private String general(String variable, String value) {
    if (value == null) {
      throw new ConfigException(
          problems.stream()
              .filter(p -> p.variable().equals(variable))
              .map(Problem::message)
              .toList());
    }
    return value;
  }

  /** MCP_SERVERS_CONFIG, default ./servers_config.json. */
  public Path serversConfigPath() {
    return Path.of(get("MCP_SERVERS_CONFIG").orElse("./servers_config.json"));
  }

  /**
   * The raw value of a variable the bot does not interpret itself, or null if unset or empty: the
   * {@code ${VAR}} placeholders an admin names in servers_config.json and {@code rotate-key
   * --new-key-env VAR}. Everything the bot reads has a typed accessor above.
   */
  public String env(String name) {
    return get(name).orElse(null);
  }

  /**
   * True for the names of the bot's own secrets, which must never reach an MCP server:
   * ENCRYPTION_*, MASTER_PASSWORD, DATABASE_URL, SLACK_* and *_API_KEY.
   */
  public static boolean isBotSecret(String name) {
    return name.startsWith("ENCRYPTION_")
        || name.startsWith("SLACK_")
        || name.endsWith("_API_KEY")
        || name.equals("MASTER_PASSWORD")
        || name.equals("DATABASE_URL");
  }

  /** DATABASE_URL with any password replaced by {@code <masked>}, for logs and messages. */
  public static String maskDatabaseUrl(String url) {
    return EnvValues.maskUrl(url);
  }

  @Override
  public String toString() {
    Map<String, Object> shown = new LinkedHashMap<>();
    shown.put("DATABASE_URL", get("DATABASE_URL").map(EnvValues::maskUrl).orElse("(embedded H2)"));
    for (String name :
        List.of(
            "ENCRYPTION_KEY",
            "MASTER_PASSWORD",
            "ENCRYPTION_SALT",
            "SLACK_BOT_TOKEN",
            "SLACK_APP_TOKEN",
            "OPENAI_API_KEY",
            "GROQ_API_KEY",
            "ANTHROPIC_API_KEY")) {
      // The salt is not secret in the cryptographic sense, but it is half of MASTER_PASSWORD's key.
      shown.put(name, get(name).map(v -> "<masked>").orElse(null));
    }
    for (String name : SHOWN) {
      shown.put(
          name, get(name).map(v -> name.endsWith("_URL") ? EnvValues.maskUrl(v) : v).orElse(null));
    }
    StringBuilder sb = new StringBuilder("Settings{");
    shown.forEach(
        (k, v) -> {
          if (v != null) {
            sb.append(sb.length() > 9 ? ", " : "").append(k).append('=').append(v);
          }
        });
    return sb.append('}').toString();
  }

  private Optional<String> get(String name) {
    String v = env.get(name);
    return v == null || v.isBlank() ? Optional.empty() : Optional.of(v);
  }

  private <T> T valid(Need need, T value) {
    List<String> own =
        problems.stream().filter(p -> p.need() == need).map(Problem::message).toList();
    if (!own.isEmpty()) {
      throw new ConfigException(own);
    }
    return value;
  }
}
