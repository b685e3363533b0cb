package io.mcpbot.core.agent;

import java.util.Objects;

/**
 * How an {@link Agent} runs a turn. Immutable; build with {@link #defaults(String)} and the {@code
 * with*} methods. {@code temperature} may be null (provider default).
 *
 * @param model the model id sent with every request (e.g. from {@code LlmConfig.model()})
 * @param stepLimit most times the model is asked in one turn (default 8)
 * @param historyMessages most stored messages loaded as context (default 40)
 * @param historyChars most characters of stored context (default 60 000)
 * @param maxToolResultChars a tool result longer than this is cut, with a note (default 16 000)
 * @param maxTokens output token limit per model call (default 4096)
 * @param temperature sampling temperature, or null for the provider's default
 * @param parallelToolCalls run the tool calls of one response concurrently (default true)
 * @param systemPrompt the system prompt template; see {@link SystemPrompt} for its placeholders
 * @param stepLimitNote answer when the step limit is hit; {@code {steps}} and {@code {done}} are
 *     replaced by the limit and the list of tools called
 */
public record AgentConfig(
    String model,
    int stepLimit,
    int historyMessages,
    int historyChars,
    int maxToolResultChars,
    int maxTokens,
    Double temperature,
    boolean parallelToolCalls,
    String systemPrompt,
    String stepLimitNote) {

  /** The default answer when the step limit is reached. */
  public static final String DEFAULT_STEP_LIMIT_NOTE =
      "I stopped after {steps} steps because I reached the step limit for one message, before"
          + " finishing. What I did: {done}. Ask me to continue, or narrow the request.";

  public AgentConfig {
    Objects.requireNonNull(model, "model");
    if (model.isBlank()) {
      throw new IllegalArgumentException("model must not be blank");
    }
    if (stepLimit < 1) {
      throw new IllegalArgumentException("stepLimit must be >= 1, got " + stepLimit);
    }
    if (historyMessages < 1 || historyChars < 1) {
      throw new IllegalArgumentException("history budgets must be >= 1");
    }
    if (maxToolResultChars < 100) {
      throw new IllegalArgumentException("maxToolResultChars must be >= 100");
    }
    if (maxTokens < 1) {
      throw new IllegalArgumentException("maxTokens must be >= 1");
    }
    Objects.requireNonNull(systemPrompt, "systemPrompt");
    Objects.requireNonNull(stepLimitNote, "stepLimitNote");
  }

  /** Defaults: 8 steps, 40 messages / 60k chars of history, 16k chars per tool result. */
  public static AgentConfig defaults(String model) {
    return new AgentConfig(
        model,
        8,
        40,
        60_000,
        16_000,
        4096,
        null,
        true,
        SystemPrompt.DEFAULT_TEMPLATE,
        DEFAULT_STEP_LIMIT_NOTE);
  }

  public AgentConfig withStepLimit(int steps) {
    return new AgentConfig(
        model,
        steps,
        historyMessages,
        historyChars,
        maxToolResultChars,
        maxTokens,
        temperature,
        parallelToolCalls,
        systemPrompt,
        stepLimitNote);
  }

  public AgentConfig withHistory(int messages, int chars) {
    return new AgentConfig(
        model,
        stepLimit,
        messages,
        chars,
        maxToolResultChars,
        maxTokens,
        temperature,
        parallelToolCalls,
        systemPrompt,
        stepLimitNote);
  }

  public AgentConfig withMaxToolResultChars(int chars) {
    return new AgentConfig(
        model,
        stepLimit,
        historyMessages,
        historyChars,
        chars,
        maxTokens,
        temperature,
        parallelToolCalls,
        systemPrompt,
        stepLimitNote);
  }

  public AgentConfig withSampling(int tokens, Double temp) {
    return new AgentConfig(
        model,
        stepLimit,
        historyMessages,
        historyChars,
        maxToolResultChars,
        tokens,
        temp,
        parallelToolCalls,
        systemPrompt,
        stepLimitNote);
  }

  public AgentConfig withParallelToolCalls(boolean parallel) {
    return new AgentConfig(
        model,
        stepLimit,
        historyMessages,
        historyChars,
        maxToolResultChars,
        maxTokens,
        temperature,
        parallel,
        systemPrompt,
        stepLimitNote);
  }

  public AgentConfig withSystemPrompt(String template) {
    return new AgentConfig(
        model,
        stepLimit,
        historyMessages,
        historyChars,
        maxToolResultChars,
        maxTokens,
        temperature,
        parallelToolCalls,
        template,
        stepLimitNote);
  }

  public AgentConfig withStepLimitNote(String note) {
    return new AgentConfig(
        model,
        stepLimit,
        historyMessages,
        historyChars,
        maxToolResultChars,
        maxTokens,
        temperature,
        parallelToolCalls,
        systemPrompt,
        note);
  }
}
