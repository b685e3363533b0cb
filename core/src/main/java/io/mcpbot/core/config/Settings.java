package io.mcpbot.core.config;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The bot's configuration, read once from the environment plus an optional {@code .env} file
 * (environment wins), then immutable and thread-safe. The only place that reads {@code
 * System.getenv}. Secrets are {@link Secret}s and {@link #toString()} masks them (including a
 * password inside DATABASE_URL). Loading never fails: commands call {@link #require} with what they
 * need and get every missing or invalid variable reported at once. Accessors return Optional for
 * unset values; an accessor of an invalid value throws {@link ConfigException}.
 */
public final class Settings {

  /** The guide's message when neither key nor password is configured. */
  public static final String MISSING_ENCRYPTION =
      "Missing encryption configuration: set ENCRYPTION_KEY (create one with `mcpbot gen-key`)"
          + " or MASTER_PASSWORD";

  public static final String DEFAULT_SALT = "mcp-slackbot-default-salt";
  public static final int DEFAULT_KDF_ITERATIONS = 100_000;
  public static final URI DEFAULT_SLACK_API_URL = URI.create("https://slack.com/api/");

  private final Map<String, String> env;
  private final Map<Need, List<String>> problems = new EnumMap<>(Need.class);
  private final List<String> generalProblems = new ArrayList<>();

  /** Variable name -> its invalid-value problem, so accessors refuse to hand out a bad value. */
  private final Map<String, String> invalid = new LinkedHashMap<>();

  private final List<Secret> encryptionKeys;
  private final int kdfIterations;
  private final URI slackApiUrl;
  private final String llmProvider;
  private final Map<String, URI> baseUrls = new LinkedHashMap<>();
  private final String logLevel;
  private final boolean sqlEcho;

  private Settings(Map<String, String> env, List<String> dotenvProblems) {
    this.env = Map.copyOf(env);
    for (Need n : Need.values()) {
      problems.put(n, new ArrayList<>());
    }
    generalProblems.addAll(dotenvProblems);

    SettingsParser parser = new SettingsParser(this::get, this::bad);
    this.encryptionKeys = parser.encryptionKeys();
    this.kdfIterations = parser.kdfIterations();
    this.slackApiUrl = parser.url(Need.SLACK, "SLACK_API_URL", DEFAULT_SLACK_API_URL);
    for (String name : List.of("OPENAI_BASE_URL", "GROQ_BASE_URL", "ANTHROPIC_BASE_URL")) {
      URI uri = parser.url(Need.LLM, name, null);
      if (uri != null) {
        baseUrls.put(name, uri);
      }
    }
    this.llmProvider = parser.llmProvider();
    this.logLevel = parser.logLevel();
    this.sqlEcho = parser.sqlEcho();
    parser.checkDatabaseUrl();
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
    List<String> dotenvProblems = new ArrayList<>();
    if (dotenvFile != null && Files.isRegularFile(dotenvFile)) {
      try {
        DotEnv.Result r =
            DotEnv.parse(
                Files.readString(dotenvFile, StandardCharsets.UTF_8), dotenvFile.toString());
        merged.putAll(r.values());
        dotenvProblems.addAll(r.problems());
      } catch (IOException e) {
        dotenvProblems.add(
            "cannot read "
                + dotenvFile
                + " ("
                + e.getClass().getSimpleName()
                + "): fix its"
                + " permissions or remove it");
      }
    }
    merged.putAll(env);
    return new Settings(merged, dotenvProblems);
  }

  /**
   * Checks what a command needs and throws one {@link ConfigException} listing every problem:
   * missing variables for {@code needs}, invalid values among them, and general problems (.env
   * syntax, LOG_LEVEL).
   */
  public void require(Need... needs) {
    List<String> all = problems(needs);
    if (!all.isEmpty()) {
      throw new ConfigException(all);
    }
  }

  /** The problems {@link #require} would report, without throwing. */
  public List<String> problems(Need... needs) {
    List<String> all = new ArrayList<>(generalProblems);
    for (Need need :
        needs.length == 0 ? EnumSet.noneOf(Need.class) : EnumSet.copyOf(List.of(needs))) {
      all.addAll(Requirements.missing(need, this::get, !encryptionKeys.isEmpty(), llmProvider));
      all.addAll(problems.get(need));
    }
    return List.copyOf(all);
  }

  // ---- accessors ----

  /** DATABASE_URL (a secret: it may hold a password); empty means the embedded H2 database. */
  public Optional<Secret> databaseUrl() {
    checked("DATABASE_URL");
    return get("DATABASE_URL").map(Secret::new);
  }

  /** ENCRYPTION_KEY entries, newest first; empty if unset. */
  public List<Secret> encryptionKeys() {
    checked("ENCRYPTION_KEY");
    return encryptionKeys;
  }

  public Optional<Secret> masterPassword() {
    return secret("MASTER_PASSWORD");
  }

  /** ENCRYPTION_SALT, default {@value #DEFAULT_SALT} (the Python bot's). */
  public String encryptionSalt() {
    return get("ENCRYPTION_SALT").orElse(DEFAULT_SALT);
  }

  /** ENCRYPTION_KDF_ITERATIONS, default 100000, never lower. */
  public int kdfIterations() {
    checked("ENCRYPTION_KDF_ITERATIONS");
    return kdfIterations;
  }

  public Optional<Secret> slackBotToken() {
    return secret("SLACK_BOT_TOKEN");
  }

  public Optional<Secret> slackAppToken() {
    return secret("SLACK_APP_TOKEN");
  }

  /** SLACK_API_URL with a trailing slash, default https://slack.com/api/. */
  public URI slackApiUrl() {
    checked("SLACK_API_URL");
    return slackApiUrl;
  }

  public Optional<Secret> openaiApiKey() {
    return secret("OPENAI_API_KEY");
  }

  public Optional<Secret> groqApiKey() {
    return secret("GROQ_API_KEY");
  }

  public Optional<Secret> anthropicApiKey() {
    return secret("ANTHROPIC_API_KEY");
  }

  /** LLM_PROVIDER lower-cased (openai, groq, anthropic or openai-compatible), if set. */
  public Optional<String> llmProvider() {
    checked("LLM_PROVIDER");
    return Optional.ofNullable(llmProvider);
  }

  public Optional<String> llmModel() {
    return get("LLM_MODEL").map(String::strip);
  }

  public Optional<URI> openaiBaseUrl() {
    return baseUrl("OPENAI_BASE_URL");
  }

  public Optional<URI> groqBaseUrl() {
    return baseUrl("GROQ_BASE_URL");
  }

  public Optional<URI> anthropicBaseUrl() {
    return baseUrl("ANTHROPIC_BASE_URL");
  }

  /** LOG_LEVEL upper-cased as logback names it (WARNING becomes WARN), default INFO. */
  public String logLevel() {
    checked("LOG_LEVEL");
    return logLevel;
  }

  /** SQL_ECHO, default false. */
  public boolean sqlEcho() {
    checked("SQL_ECHO");
    return sqlEcho;
  }

  /** MCP_SERVERS_CONFIG, default ./servers_config.json. */
  public Path serversConfigPath() {
    return Path.of(get("MCP_SERVERS_CONFIG").orElse("./servers_config.json"));
  }

  /** USER_DATA_DIR, root of the per-user directories, default ./user_data. */
  public Path userDataRoot() {
    return Path.of(get("USER_DATA_DIR").orElse("./user_data"));
  }

  /**
   * The raw value of any variable in the snapshot, or null if unset or empty. Used to resolve the
   * {@code ${VAR}} placeholders an admin names in servers_config.json.
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
    shown.put(
        "ENCRYPTION_KEY", encryptionKeys.isEmpty() ? null : "<masked> x" + encryptionKeys.size());
    shown.put("MASTER_PASSWORD", masterPassword().orElse(null));
    // Not secret in the cryptographic sense, but it is half of MASTER_PASSWORD's key: keep it out.
    shown.put("ENCRYPTION_SALT", get("ENCRYPTION_SALT").map(v -> "<masked>").orElse(null));
    shown.put("ENCRYPTION_KDF_ITERATIONS", get("ENCRYPTION_KDF_ITERATIONS").orElse(null));
    shown.put("SLACK_BOT_TOKEN", slackBotToken().orElse(null));
    shown.put("SLACK_APP_TOKEN", slackAppToken().orElse(null));
    shown.put("SLACK_API_URL", get("SLACK_API_URL").orElse(null));
    shown.put("OPENAI_API_KEY", openaiApiKey().orElse(null));
    shown.put("GROQ_API_KEY", groqApiKey().orElse(null));
    shown.put("ANTHROPIC_API_KEY", anthropicApiKey().orElse(null));
    for (String name :
        List.of(
            "LLM_PROVIDER",
            "LLM_MODEL",
            "OPENAI_BASE_URL",
            "GROQ_BASE_URL",
            "ANTHROPIC_BASE_URL",
            "LOG_LEVEL",
            "SQL_ECHO",
            "MCP_SERVERS_CONFIG",
            "USER_DATA_DIR")) {
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

  // ---- lookup and problem bookkeeping (parsing is in SettingsParser) ----

  private Optional<String> get(String name) {
    String v = env.get(name);
    return v == null || v.isBlank() ? Optional.empty() : Optional.of(v);
  }

  private Optional<Secret> secret(String name) {
    return get(name).map(Secret::new);
  }

  private Optional<URI> baseUrl(String name) {
    checked(name);
    return Optional.ofNullable(baseUrls.get(name));
  }

  private void checked(String name) {
    String problem = invalid.get(name);
    if (problem != null) {
      throw new ConfigException(List.of(problem));
    }
  }

  private void bad(Need need, String name, String problem) {
    invalid.putIfAbsent(name, problem);
    (need == null ? generalProblems : problems.get(need)).add(problem);
  }
}
