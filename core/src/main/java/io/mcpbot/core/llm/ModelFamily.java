package io.mcpbot.core.llm;

import java.util.Locale;
import java.util.regex.Pattern;

/** Which hosted provider a model id belongs to, from its name alone. */
final class ModelFamily {
  private static final Pattern OPENAI =
      Pattern.compile("^(gpt-|chatgpt-|o\\d(\\b|-|$)|text-davinci|davinci|babbage).*");
  private static final Pattern GROQ =
      Pattern.compile(
          "^(llama|meta-llama/|mixtral|mistral|gemma|qwen|deepseek|openai/gpt-oss|moonshotai/"
              + "|kimi|groq/|compound|allam|whisper|distil-whisper|playai).*");

  private ModelFamily() {}

  /** The provider serving this model, or null when the name says nothing. */
  static ProviderKind of(String model) {
    String m = model.strip().toLowerCase(Locale.ROOT);
    if (m.startsWith("claude")) {
      return ProviderKind.ANTHROPIC;
    }
    if (GROQ.matcher(m).matches()) {
      return ProviderKind.GROQ;
    }
    if (OPENAI.matcher(m).matches()) {
      return ProviderKind.OPENAI;
    }
    return null;
  }
}
