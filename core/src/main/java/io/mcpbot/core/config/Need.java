package io.mcpbot.core.config;

/** A capability a command needs configured; passed to {@link Settings#require}. */
public enum Need {
  /** DATABASE_URL (optional: unset means embedded H2) and SQL_ECHO must be valid. */
  DATABASE,
  /** ENCRYPTION_KEY or MASTER_PASSWORD, plus a valid ENCRYPTION_KDF_ITERATIONS. */
  ENCRYPTION,
  /** SLACK_BOT_TOKEN, SLACK_APP_TOKEN and a valid SLACK_API_URL. */
  SLACK,
  /** An LLM provider key (or OPENAI_BASE_URL), consistent with LLM_PROVIDER; valid base URLs. */
  LLM
}
