package io.mcpbot.core.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.mcpbot.core.config.ConfigException;
import io.mcpbot.core.config.Settings;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The LLM choice, as the settings loader judges it (once) from the guide's variables. */
class ProviderSelectionTest {
  private static final String OPENAI = "sk-openai-secret";
  private static final String GROQ = "gsk_groq-secret";
  private static final String ANTHROPIC = "sk-ant-secret";

  private static LlmConfig select(String... keyValues) {
    Map<String, String> vars = new HashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      vars.put(keyValues[i], keyValues[i + 1]);
    }
    return Settings.load(vars, null).llm();
  }

  private static ConfigException error(String... keyValues) {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> select(keyValues));
    assertThat(e).isNotNull();
    assertThat(e.problems()).hasSize(1);
    assertThat(e.getMessage()).doesNotContain(OPENAI, GROQ, ANTHROPIC);
    return e;
  }

  private static final String[] ALL_KEYS = {
    "OPENAI_API_KEY", OPENAI, "GROQ_API_KEY", GROQ, "ANTHROPIC_API_KEY", ANTHROPIC
  };

  private static String[] allKeysAnd(String... more) {
    String[] all = new String[ALL_KEYS.length + more.length];
    System.arraycopy(ALL_KEYS, 0, all, 0, ALL_KEYS.length);
    System.arraycopy(more, 0, all, ALL_KEYS.length, more.length);
    return all;
  }

  // --- LLM_PROVIDER set ---

  @Test
  void explicitProviderWinsOverModelAndKeyOrder() {
    LlmConfig config =
        select(allKeysAnd("LLM_PROVIDER", "Anthropic", "LLM_MODEL", "my-tuned-model"));

    assertThat(config.kind()).isEqualTo(ProviderKind.ANTHROPIC);
    assertThat(config.model()).isEqualTo("my-tuned-model");
    assertThat(config.apiKey().reveal()).isEqualTo(ANTHROPIC);
    assertThat(config.baseUrl()).isEqualTo(URI.create("https://api.anthropic.com"));
  }

  @Test
  void explicitProviderWithoutModelGetsItsDefaultModel() {
    assertThat(select(allKeysAnd("LLM_PROVIDER", "openai")).model()).isEqualTo("gpt-4o-mini");
    assertThat(select(allKeysAnd("LLM_PROVIDER", "groq")))
        .extracting(LlmConfig::kind, LlmConfig::model, LlmConfig::baseUrl)
        .containsExactly(
            ProviderKind.GROQ,
            "llama-3.3-70b-versatile",
            URI.create("https://api.groq.com/openai/v1"));
    assertThat(select(allKeysAnd("LLM_PROVIDER", "anthropic")).model())
        .isEqualTo("claude-sonnet-4-5");
  }

  @Test
  void anthropicWithoutItsKeyNamesTheVariable() {
    ConfigException e = error("LLM_PROVIDER", "anthropic", "OPENAI_API_KEY", OPENAI);

    assertThat(e.getMessage())
        .isEqualTo(
            "LLM_PROVIDER is anthropic but ANTHROPIC_API_KEY is not set: set ANTHROPIC_API_KEY or"
                + " change LLM_PROVIDER");
  }

  @Test
  void groqWithoutItsKeyNamesTheVariable() {
    assertThat(error("LLM_PROVIDER", "groq", "OPENAI_API_KEY", OPENAI).getMessage())
        .startsWith("LLM_PROVIDER is groq but GROQ_API_KEY is not set");
  }

  @Test
  void openaiWithoutKeyPointsAtOpenaiCompatible() {
    assertThat(
            error("LLM_PROVIDER", "openai", "OPENAI_BASE_URL", "http://localhost:11434/v1")
                .getMessage())
        .startsWith("LLM_PROVIDER is openai but OPENAI_API_KEY is not set")
        .contains("LLM_PROVIDER=openai-compatible");
  }

  @Test
  void unknownProviderListsTheValidOnes() {
    assertThat(error(allKeysAnd("LLM_PROVIDER", "gemini")).getMessage())
        .isEqualTo(
            "LLM_PROVIDER must be openai, groq or anthropic, or openai-compatible for a server at"
                + " OPENAI_BASE_URL (Ollama, vLLM, LiteLLM); or unset it to choose from LLM_MODEL"
                + " and the keys present");
  }

  @Test
  void openaiCompatibleNeedsABaseUrlAndAModelButNoKey() {
    LlmConfig config =
        select(
            "LLM_PROVIDER", "openai-compatible",
            "OPENAI_BASE_URL", "http://localhost:11434/v1/",
            "LLM_MODEL", "llama3.1");

    assertThat(config.kind()).isEqualTo(ProviderKind.OPENAI_COMPATIBLE);
    assertThat(config.apiKey()).isNull();
    assertThat(config.baseUrl()).isEqualTo(URI.create("http://localhost:11434/v1"));
    assertThat(config.displayName()).isEqualTo("OpenAI-compatible server");

    assertThat(error("LLM_PROVIDER", "openai-compatible", "LLM_MODEL", "llama3.1").getMessage())
        .startsWith("LLM_PROVIDER is openai-compatible but OPENAI_BASE_URL is not set");
    assertThat(
            error(
                    "LLM_PROVIDER",
                    "openai-compatible",
                    "OPENAI_BASE_URL",
                    "http://localhost:8000/v1")
                .getMessage())
        .startsWith("LLM_MODEL is not set: an OpenAI-compatible server (OPENAI_BASE_URL)");
  }

  @Test
  void openaiCompatibleUsesTheOpenaiKeyWhenPresent() {
    LlmConfig config =
        select(
            "LLM_PROVIDER", "openai-compatible",
            "OPENAI_BASE_URL", "https://litellm.internal/v1",
            "OPENAI_API_KEY", OPENAI,
            "LLM_MODEL", "anything");

    assertThat(config.apiKey().reveal()).isEqualTo(OPENAI);
  }

  // --- inferred from LLM_MODEL ---

  @ParameterizedTest
  @CsvSource({
    "gpt-4-turbo, OPENAI",
    "gpt-4o-mini, OPENAI",
    "o1-preview, OPENAI",
    "o3-mini, OPENAI",
    "o4-mini, OPENAI",
    "chatgpt-4o-latest, OPENAI",
    "claude-3-opus-20240229, ANTHROPIC",
    "claude-sonnet-4-5, ANTHROPIC",
    "llama-3.1-70b-versatile, GROQ",
    "llama-3.3-70b-versatile, GROQ",
    "mixtral-8x7b-32768, GROQ",
    "gemma2-9b-it, GROQ",
    "qwen/qwen3-32b, GROQ",
    "deepseek-r1-distill-llama-70b, GROQ",
    "meta-llama/llama-4-scout-17b-16e-instruct, GROQ",
    "openai/gpt-oss-120b, GROQ",
    "moonshotai/kimi-k2-instruct, GROQ",
  })
  void modelNameChoosesTheProviderWhenAllKeysArePresent(String model, ProviderKind expected) {
    LlmConfig config = select(allKeysAnd("LLM_MODEL", model));

    assertThat(config.kind()).isEqualTo(expected);
    assertThat(config.model()).isEqualTo(model);
  }

  @Test
  void modelOfAProviderWithoutKeyIsAnError() {
    assertThat(error("LLM_MODEL", "claude-3-opus-20240229", "OPENAI_API_KEY", OPENAI).getMessage())
        .isEqualTo(
            "LLM_MODEL 'claude-3-opus-20240229' is an Anthropic model but ANTHROPIC_API_KEY is not"
                + " set: set ANTHROPIC_API_KEY, or set LLM_PROVIDER and an LLM_MODEL of a provider"
                + " you have a key for");
    assertThat(error("LLM_MODEL", "llama-3.1-70b-versatile", "OPENAI_API_KEY", OPENAI).getMessage())
        .startsWith("LLM_MODEL 'llama-3.1-70b-versatile' is a Groq model but GROQ_API_KEY");
  }

  @Test
  void unknownModelGoesToTheFirstKeyPresent() {
    LlmConfig config =
        select("LLM_MODEL", "my-finetune", "GROQ_API_KEY", GROQ, "ANTHROPIC_API_KEY", ANTHROPIC);

    assertThat(config.kind()).isEqualTo(ProviderKind.GROQ);
    assertThat(config.model()).isEqualTo("my-finetune");
  }

  @Test
  void modelWithoutItsKeyGoesToTheOwnServerWhenOpenaiBaseUrlIsSet() {
    LlmConfig ollama =
        select("LLM_MODEL", "llama3.1:8b", "OPENAI_BASE_URL", "http://localhost:11434/v1");
    LlmConfig unknown =
        select(
            "LLM_MODEL", "my-finetune",
            "OPENAI_BASE_URL", "https://litellm.internal/v1",
            "OPENAI_API_KEY", OPENAI);

    assertThat(ollama.kind()).isEqualTo(ProviderKind.OPENAI_COMPATIBLE);
    assertThat(ollama.apiKey()).isNull();
    assertThat(unknown.kind()).isEqualTo(ProviderKind.OPENAI_COMPATIBLE);
    assertThat(unknown.apiKey().reveal()).isEqualTo(OPENAI);
  }

  @Test
  void openaiModelWithKeyAndBaseUrlIsOpenaiBehindAProxy() {
    LlmConfig config =
        select(
            "LLM_MODEL", "gpt-4o",
            "OPENAI_API_KEY", OPENAI,
            "OPENAI_BASE_URL", "https://gateway.corp/openai/v1");

    assertThat(config.kind()).isEqualTo(ProviderKind.OPENAI);
    assertThat(config.hasCustomBaseUrl()).isTrue();
    assertThat(config.baseUrl()).isEqualTo(URI.create("https://gateway.corp/openai/v1"));
  }

  // --- first key present ---

  @Test
  void withoutModelTheFirstKeyWinsInTheOrderOpenaiGroqAnthropic() {
    assertThat(select(ALL_KEYS).kind()).isEqualTo(ProviderKind.OPENAI);
    assertThat(select("GROQ_API_KEY", GROQ, "ANTHROPIC_API_KEY", ANTHROPIC).kind())
        .isEqualTo(ProviderKind.GROQ);
    LlmConfig anthropic = select("ANTHROPIC_API_KEY", ANTHROPIC);
    assertThat(anthropic.kind()).isEqualTo(ProviderKind.ANTHROPIC);
    assertThat(anthropic.model()).isEqualTo("claude-sonnet-4-5");
  }

  @Test
  void noKeyAtAllNamesEveryOption() {
    assertThat(error().getMessage())
        .isEqualTo(
            "Missing LLM configuration: set OPENAI_API_KEY, GROQ_API_KEY or ANTHROPIC_API_KEY"
                + " (or OPENAI_BASE_URL for an OpenAI-compatible server such as Ollama)");
  }

  @Test
  void onlyABaseUrlNeedsAModel() {
    assertThat(error("OPENAI_BASE_URL", "http://localhost:11434/v1").getMessage())
        .startsWith("LLM_MODEL is not set");
  }

  @Test
  void blankValuesCountAsUnset() {
    LlmConfig config =
        select(
            "LLM_PROVIDER", "  ",
            "LLM_MODEL", "",
            "OPENAI_API_KEY", " ",
            "GROQ_API_KEY", " " + GROQ + "\n",
            "GROQ_BASE_URL", "");

    assertThat(config.kind()).isEqualTo(ProviderKind.GROQ);
    assertThat(config.apiKey().reveal()).isEqualTo(GROQ);
    assertThat(config.baseUrl()).isEqualTo(ProviderKind.GROQ.defaultBaseUrl());
  }

  // --- base URLs, timeout, retry, masking ---

  @Test
  void baseUrlOverridesApplyPerProvider() {
    assertThat(
            select("GROQ_API_KEY", GROQ, "GROQ_BASE_URL", "https://groq.proxy/openai/v1/")
                .baseUrl())
        .isEqualTo(URI.create("https://groq.proxy/openai/v1"));
    assertThat(
            select("ANTHROPIC_API_KEY", ANTHROPIC, "ANTHROPIC_BASE_URL", "http://127.0.0.1:9999")
                .baseUrl())
        .isEqualTo(URI.create("http://127.0.0.1:9999"));
  }

  @Test
  void aBaseUrlThatIsNotHttpIsRejectedByName() {
    assertThat(
            error("ANTHROPIC_API_KEY", ANTHROPIC, "ANTHROPIC_BASE_URL", "api.anthropic.com")
                .getMessage())
        .isEqualTo(
            "ANTHROPIC_BASE_URL is not an http(s) URL with a host: set it like https://host/path/"
                + " or unset it");
    assertThat(error("OPENAI_BASE_URL", "localhost:11434", "LLM_MODEL", "x").getMessage())
        .startsWith("OPENAI_BASE_URL is not an http(s) URL");
  }

  @Test
  void theSelectionHasTheDefaultTimeoutAndRetryAndItsBuilderPassesOthersThrough() {
    RetryPolicy retry =
        new RetryPolicy(
            2, Duration.ofMillis(1), Duration.ofMillis(2), Duration.ZERO, Duration.ofSeconds(1));
    LlmConfig chosen = select("OPENAI_API_KEY", OPENAI);
    assertThat(chosen.requestTimeout()).isEqualTo(LlmConfig.DEFAULT_REQUEST_TIMEOUT);
    assertThat(chosen.retry()).isEqualTo(RetryPolicy.DEFAULT);

    LlmConfig config =
        chosen.toBuilder().requestTimeout(Duration.ofSeconds(90)).retry(retry).build();
    assertThat(config.requestTimeout()).isEqualTo(Duration.ofSeconds(90));
    assertThat(config.retry()).isEqualTo(retry);
    assertThat(config.apiKey()).isEqualTo(chosen.apiKey());
  }

  @Test
  void theKeyIsMaskedWhereverTheConfigIsPrinted() {
    LlmConfig config = select(ALL_KEYS);

    assertThat(config.toString()).doesNotContain(OPENAI).contains("apiKey=<masked>");
    assertThat(config.apiKey().toString()).isEqualTo("<masked>");
  }
}
