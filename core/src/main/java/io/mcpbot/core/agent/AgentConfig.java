package io.mcpbot.core.agent;

import java.time.Duration;
import java.util.Objects;

/**
 * How an {@link Agent} runs a turn. Immutable and thread-safe; build one with {@link
 * #builder(String)}, which validates, or take {@link #defaults(String)}. Never null fields.
 *
 * @param model the model id sent with every request (e.g. from {@code LlmConfig.model()})
 * @param stepLimit most times the model is asked in one turn (default 8, AGENT_STEP_LIMIT)
 * @param maxToolResultChars a tool result longer than this is cut, with a note (default 16 000)
 * @param maxTokens output token limit per model call (default 4096)
 * @param systemPrompt the system prompt template; see {@link SystemPrompt} for its placeholders
 * @param maxToolCallsPerStep most tool calls run for one model response (default 16); the rest are
 *     answered as tool errors, so one response cannot fan out without bound
 * @param approvalTimeout how long a tool that needs approval waits for the user's decision (default
 *     5 minutes, APPROVAL_TIMEOUT); no decision counts as deny
 */
public record AgentConfig(
    String model,
    int stepLimit,
    int maxToolResultChars,
    int maxTokens,
    String systemPrompt,
    int maxToolCallsPerStep,
    Duration approvalTimeout) {

  /** The default {@link #approvalTimeout()}. */
  public static final Duration DEFAULT_APPROVAL_TIMEOUT = Duration.ofMinutes(5);

  /** Most stored messages loaded as context. */
  public static final int HISTORY_MESSAGES = 40;

  /** Most characters of stored context. */
  public static final int HISTORY_CHARS = 60_000;

  /**
   * The answer when the step limit is reached; {@code {steps}} and {@code {done}} are replaced by
   * the limit and the list of tools called.
   */
  public static final String STEP_LIMIT_NOTE =
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
    if (maxToolResultChars < 100) {
      throw new IllegalArgumentException("maxToolResultChars must be >= 100");
    }
    if (maxTokens < 1) {
      throw new IllegalArgumentException("maxTokens must be >= 1");
    }
    Objects.requireNonNull(systemPrompt, "systemPrompt");
    if (maxToolCallsPerStep < 1) {
      throw new IllegalArgumentException("maxToolCallsPerStep must be >= 1");
    }
    approvalTimeout = approvalTimeout == null ? DEFAULT_APPROVAL_TIMEOUT : approvalTimeout;
    if (approvalTimeout.isNegative() || approvalTimeout.isZero()) {
      throw new IllegalArgumentException("approvalTimeout must be positive");
    }
  }

  /** Defaults: 8 steps, 16k chars per tool result, 4096 output tokens, the built-in prompt. */
  public static AgentConfig defaults(String model) {
    return builder(model).build();
  }

  /** A builder starting from the defaults. */
  public static Builder builder(String model) {
    return new Builder(model);
  }

  /** Collects the values, validated by {@link #build()}. Not thread-safe. */
  public static final class Builder {
    private final String model;
    private int stepLimit = 8;
    private int maxToolResultChars = 16_000;
    private int maxTokens = 4096;
    private String systemPrompt = SystemPrompt.DEFAULT_TEMPLATE;
    private int maxToolCallsPerStep = 16;
    private Duration approvalTimeout = DEFAULT_APPROVAL_TIMEOUT;

    private Builder(String model) {
      this.model = model;
    }

    /** Most times the model is asked in one turn (default 8). */
    public Builder stepLimit(int steps) {
      return steps(steps, maxToolCallsPerStep);
    }

    /**
     * Most times the model is asked in one turn (default 8) and most tool calls run for one model
     * response (default 16).
     */
    public Builder steps(int stepLimit, int maxToolCallsPerStep) {
      this.stepLimit = stepLimit;
      this.maxToolCallsPerStep = maxToolCallsPerStep;
      return this;
    }

    /**
     * The output token limit per model call (default 4096) and the length past which a tool result
     * is cut (default 16 000 characters).
     */
    public Builder sizes(int maxTokens, int maxToolResultChars) {
      this.maxTokens = maxTokens;
      this.maxToolResultChars = maxToolResultChars;
      return this;
    }

    /** The system prompt template (default {@link SystemPrompt#DEFAULT_TEMPLATE}). */
    public Builder systemPrompt(String template) {
      this.systemPrompt = Objects.requireNonNull(template, "systemPrompt");
      return this;
    }

    /** How long a tool that needs approval waits for the user (default 5 minutes). */
    public Builder approvalTimeout(Duration timeout) {
      this.approvalTimeout = Objects.requireNonNull(timeout, "approvalTimeout");
      return this;
    }

    /**
     * The config.
     *
     * @throws IllegalArgumentException naming the first invalid value
     */
    public AgentConfig build() {
      return new AgentConfig(
          model,
          stepLimit,
          maxToolResultChars,
          maxTokens,
          systemPrompt,
          maxToolCallsPerStep,
          approvalTimeout);
    }
  }
}
