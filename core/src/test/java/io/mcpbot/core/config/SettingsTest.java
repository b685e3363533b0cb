package io.mcpbot.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mcpbot.core.llm.ProviderKind;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {
  private static final String KEY = "cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4=";

  @TempDir Path dir;

  @Test
  void defaultsWhenNothingIsSet() {
    Settings s = Settings.load(Map.of(), null);
    assertThat(s.database().url()).isEmpty();
    assertThat(s.database().sqlEcho()).isFalse();
    assertThat(s.logLevel()).isEqualTo("INFO");
    assertThat(s.serversConfigPath()).isEqualTo(Path.of("./servers_config.json"));
    assertThat(s.pool().userDataRoot()).isEqualTo(Path.of("./user_data"));
    assertThat(s.agent().stepLimit()).isEmpty();
    assertThat(s.agent().systemPrompt()).isEmpty();
    assertThat(s.llmModel()).isEmpty();
    assertThat(s.env("ANYTHING")).isNull();
    s.require(Need.DATABASE, Need.AGENT);

    Settings withPassword = Settings.load(Map.of("MASTER_PASSWORD", "pw"), null);
    assertThat(withPassword.encryption().keys()).isEmpty();
    assertThat(withPassword.encryption().salt()).isEqualTo("mcp-slackbot-default-salt");
    assertThat(withPassword.encryption().iterations()).isEqualTo(100_000);
    Settings withTokens =
        Settings.load(Map.of("SLACK_BOT_TOKEN", "xoxb-1", "SLACK_APP_TOKEN", "xapp-1"), null);
    assertThat(withTokens.slack().apiUrl()).isEqualTo(URI.create("https://slack.com/api/"));
  }

  @Test
  void logFormatIsTextJsonOrAnExactProblem() {
    assertThat(Settings.load(Map.of(), null).logFormat()).isEqualTo("text");
    assertThat(Settings.load(Map.of("LOG_FORMAT", " JSON "), null).logFormat()).isEqualTo("json");
    Settings bad = Settings.load(Map.of("LOG_FORMAT", "xml"), null);
    assertThat(bad.problems()).containsExactly("LOG_FORMAT must be text or json (got 'xml')");
    assertThatThrownBy(bad::logFormat).isInstanceOf(ConfigException.class);
  }

  @Test
  void reportsEveryProblemAtOnceByName() {
    Settings s =
        Settings.load(
            Map.of(
                "ENCRYPTION_KDF_ITERATIONS", "lots",
                "SLACK_API_URL", "not a url",
                "SQL_ECHO", "maybe",
                "LOG_LEVEL", "LOUD",
                "LLM_PROVIDER", "anthropic",
                "DATABASE_URL", "mysql://root:pw@db/x"),
            null);
    assertThatThrownBy(() -> s.require(Need.ENCRYPTION, Need.SLACK, Need.LLM, Need.DATABASE))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e -> {
              assertThat(e.problems())
                  .hasSize(9)
                  .anySatisfy(p -> assertThat(p).startsWith("LOG_LEVEL must be one of"))
                  .contains(Settings.MISSING_ENCRYPTION)
                  .anySatisfy(p -> assertThat(p).startsWith("ENCRYPTION_KDF_ITERATIONS must be"))
                  .anySatisfy(p -> assertThat(p).startsWith("Missing SLACK_BOT_TOKEN"))
                  .anySatisfy(p -> assertThat(p).startsWith("Missing SLACK_APP_TOKEN"))
                  .contains("SLACK_API_URL must be an http(s) URL such as https://slack.com/api/")
                  .anySatisfy(
                      p ->
                          assertThat(p)
                              .isEqualTo(
                                  "LLM_PROVIDER is anthropic but ANTHROPIC_API_KEY is not set: set"
                                      + " ANTHROPIC_API_KEY or change LLM_PROVIDER"))
                  .anySatisfy(p -> assertThat(p).startsWith("SQL_ECHO must be true or false"))
                  .anySatisfy(
                      p ->
                          assertThat(p)
                              .startsWith("DATABASE_URL has an unsupported scheme 'mysql'"));
              assertThat(e.getMessage())
                  .startsWith("9 configuration problems:")
                  .doesNotContain("pw@");
            });
  }

  @Test
  void eachCommandChecksOnlyWhatItNeeds() {
    Settings s = Settings.load(Map.of("ENCRYPTION_KEY", KEY, "SLACK_API_URL", "ftp://x"), null);
    s.require(Need.ENCRYPTION, Need.DATABASE, Need.ENCRYPTION);
    assertThat(s.problems(Need.SLACK)).hasSize(3);
    assertThatThrownBy(s::slack)
        .isInstanceOfSatisfying(
            ConfigException.class, e -> assertThat(e.problems()).isEqualTo(s.problems(Need.SLACK)));
    assertThat(s.encryption().keys()).hasSize(1);
  }

  @Test
  void namesTheMalformedKeyEntry() {
    Settings s = Settings.load(Map.of("ENCRYPTION_KEY", KEY + ",abc!"), null);
    assertThat(s.problems(Need.ENCRYPTION))
        .singleElement()
        .asString()
        .startsWith("ENCRYPTION_KEY: the 2nd key (of 2) is not url-safe base64")
        .contains("mcpbot gen-key")
        .doesNotContain(KEY);
  }

  @Test
  void llmNeedsAKeyOrAnOpenAiCompatibleUrl() {
    assertThat(Settings.load(Map.of(), null).problems(Need.LLM))
        .singleElement()
        .asString()
        .startsWith(
            "Missing LLM configuration: set OPENAI_API_KEY, GROQ_API_KEY or ANTHROPIC_API_KEY");
    // an OpenAI-compatible server has no default model: judged here, with every other problem
    assertThat(
            Settings.load(Map.of("OPENAI_BASE_URL", "http://localhost:11434/v1"), null)
                .problems(Need.LLM))
        .singleElement()
        .asString()
        .startsWith("LLM_MODEL is not set");
    assertThat(
            Settings.load(
                    Map.of("OPENAI_BASE_URL", "http://localhost:11434/v1", "LLM_MODEL", "llama3"),
                    null)
                .problems(Need.LLM))
        .isEmpty();
    assertThat(Settings.load(Map.of("LLM_PROVIDER", "Mistral"), null).problems(Need.LLM))
        .singleElement()
        .asString()
        .startsWith("LLM_PROVIDER must be openai, groq or anthropic, or openai-compatible");
    assertThat(Settings.load(Map.of("LLM_PROVIDER", "openai-compatible"), null).problems(Need.LLM))
        .singleElement()
        .asString()
        .contains("OPENAI_BASE_URL is not set");
    assertThat(
            Settings.load(
                    Map.of(
                        "LLM_PROVIDER", "openai-compatible",
                        "OPENAI_BASE_URL", "http://localhost:11434/v1",
                        "LLM_MODEL", "llama3"),
                    null)
                .problems(Need.LLM))
        .isEmpty();
    Settings groq = Settings.load(Map.of("LLM_PROVIDER", "GROQ", "GROQ_API_KEY", "gsk_x"), null);
    groq.require(Need.LLM);
    assertThat(groq.llm().kind()).isEqualTo(ProviderKind.GROQ);
  }

  @Test
  void swappedSlackTokensAreCalledOut() {
    Settings s =
        Settings.load(Map.of("SLACK_BOT_TOKEN", "xapp-1-A", "SLACK_APP_TOKEN", "xoxb-1-B"), null);
    assertThat(s.problems(Need.SLACK))
        .hasSize(2)
        .allSatisfy(p -> assertThat(p).doesNotContain("xapp-1-A").doesNotContain("xoxb-1-B"));
  }

  @Test
  void dotenvIsReadAndTheEnvironmentWins() throws IOException {
    Path dotenv = dir.resolve(".env");
    Files.writeString(
        dotenv,
        """
        # comment
        export MASTER_PASSWORD="from file"
        ENCRYPTION_SALT='salt # literal'
        LLM_MODEL=gpt-4o   # trailing comment
        LOG_LEVEL=debug
        QUOTED="a\\nb \\"q\\""
        SLACK_BOT_TOKEN=xoxb-file

        """);
    Settings s =
        Settings.load(
            Map.of(
                "SLACK_BOT_TOKEN",
                "xoxb-env",
                "SLACK_APP_TOKEN",
                "xapp-env",
                "LOG_LEVEL",
                "warning"),
            dotenv);
    assertThat(s.encryption().masterPassword().orElseThrow().reveal()).isEqualTo("from file");
    assertThat(s.encryption().salt()).isEqualTo("salt # literal");
    assertThat(s.llmModel()).hasValue("gpt-4o");
    assertThat(s.env("QUOTED")).isEqualTo("a\nb \"q\"");
    assertThat(s.slack().botToken().reveal()).isEqualTo("xoxb-env");
    assertThat(s.logLevel()).isEqualTo("WARN");
    s.require(Need.ENCRYPTION);
  }

  @Test
  void dotenvSyntaxErrorsAreReportedWithLineNumbersButNoValues() throws IOException {
    Path dotenv = dir.resolve(".env");
    Files.writeString(dotenv, "GOOD=1\njust some text\nBAD=\"unterminated secret\n");
    Settings s = Settings.load(Map.of(), dotenv);
    assertThat(s.problems())
        .hasSize(2)
        .anySatisfy(p -> assertThat(p).contains("line 2").contains("expected KEY=VALUE"))
        .anySatisfy(p -> assertThat(p).contains("line 3").contains("BAD").contains("unterminated"))
        .allSatisfy(p -> assertThat(p).doesNotContain("secret").doesNotContain("some text"));
    assertThat(s.env("GOOD")).isEqualTo("1");
    assertThat(Settings.load(Map.of(), dir.resolve("absent.env")).problems()).isEmpty();
  }

  @Test
  void toStringMasksEverySecretIncludingTheDatabasePassword() {
    Map<String, String> env =
        Map.of(
            "DATABASE_URL", "postgresql+asyncpg://bot:s3cr3t-pw@db.example:5432/mcp",
            "ENCRYPTION_KEY", KEY,
            "MASTER_PASSWORD", "master-pw-value",
            "SLACK_BOT_TOKEN", "xoxb-bot-token-value",
            "SLACK_APP_TOKEN", "xapp-app-token-value",
            "OPENAI_API_KEY", "sk-openai-value",
            "GROQ_API_KEY", "gsk-groq-value",
            "ANTHROPIC_API_KEY", "sk-ant-value",
            "ENCRYPTION_SALT", "salty-value",
            "LLM_MODEL", "gpt-4o");
    Settings s = Settings.load(env, null);
    String text = s.toString();
    assertThat(text)
        .contains("postgresql+asyncpg://bot:<masked>@db.example:5432/mcp")
        .contains("LLM_MODEL=gpt-4o")
        .contains("MASTER_PASSWORD=<masked>");
    for (Map.Entry<String, String> e : env.entrySet()) {
      if (!e.getKey().equals("LLM_MODEL")) {
        assertThat(text).doesNotContain(e.getValue());
      }
    }
    assertThat(text).doesNotContain("s3cr3t");
    assertThat(s.database().url().orElseThrow().toString()).isEqualTo("<masked>");
    assertThat(s.slack().toString()).doesNotContain("bot-token-value", "app-token-value");
    assertThat(s.encryption().toString()).doesNotContain(KEY, "master-pw-value", "salty-value");
  }

  @Test
  void databaseUrlMaskingCoversJdbcParameters() {
    assertThat(Settings.maskDatabaseUrl("jdbc:postgresql://h/db?user=a&password=p%40ss&ssl=true"))
        .isEqualTo("jdbc:postgresql://h/db?user=a&password=<masked>&ssl=true");
    assertThat(Settings.maskDatabaseUrl("jdbc:h2:./data/x;USER=sa;PASSWORD=pw"))
        .isEqualTo("jdbc:h2:./data/x;USER=sa;PASSWORD=<masked>");
    assertThat(Settings.maskDatabaseUrl("postgres://u:p@ss@h/db"))
        .isEqualTo("postgres://u:<masked>@h/db");
    assertThat(Settings.maskDatabaseUrl("postgresql://h:5432/db"))
        .isEqualTo("postgresql://h:5432/db");
  }

  @Test
  void acceptsTheGuidesDatabaseUrlForms() {
    for (String url :
        new String[] {
          "postgresql+asyncpg://u:p@h:5432/db",
          "postgresql://u:p@h/db",
          "postgres://h/db",
          "jdbc:postgresql://h/db",
          "jdbc:h2:./data/mcpbot"
        }) {
      assertThat(Settings.load(Map.of("DATABASE_URL", url), null).problems(Need.DATABASE))
          .as(url)
          .isEmpty();
    }
  }

  @Test
  void typedValuesAndBotSecretNames() {
    Settings s =
        Settings.load(
            Map.of(
                "ENCRYPTION_KEY", KEY,
                "ENCRYPTION_KDF_ITERATIONS", "600000",
                "SLACK_BOT_TOKEN", "xoxb-1",
                "SLACK_APP_TOKEN", "xapp-1",
                "SQL_ECHO", "Yes",
                "SLACK_API_URL", "http://localhost:8080/api",
                "MCP_SERVERS_CONFIG", "/etc/mcp.json",
                "USER_DATA_DIR", "/var/lib/mcpbot",
                "GITHUB_TOKEN", "ghp_x"),
            null);
    assertThat(s.encryption().iterations()).isEqualTo(600_000);
    assertThat(s.database().sqlEcho()).isTrue();
    assertThat(s.slack().apiUrl()).hasToString("http://localhost:8080/api/");
    assertThat(s.serversConfigPath()).isEqualTo(Path.of("/etc/mcp.json"));
    assertThat(s.pool().userDataRoot()).isEqualTo(Path.of("/var/lib/mcpbot"));
    assertThat(s.env("GITHUB_TOKEN")).isEqualTo("ghp_x");
    assertThat(
            Settings.load(Map.of("ENCRYPTION_KDF_ITERATIONS", "1000"), null)
                .problems(Need.ENCRYPTION))
        .anySatisfy(p -> assertThat(p).contains(">= 100000"));
    assertThat(Settings.isBotSecret("SLACK_BOT_TOKEN")).isTrue();
    assertThat(Settings.isBotSecret("OPENAI_API_KEY")).isTrue();
    assertThat(Settings.isBotSecret("ENCRYPTION_SALT")).isTrue();
    assertThat(Settings.isBotSecret("DATABASE_URL")).isTrue();
    assertThat(Settings.isBotSecret("GITHUB_TOKEN")).isFalse();
  }
}
