package io.mcpbot.core.config;

/** A capability a command needs configured; passed to {@link Settings#require}. */
public enum Need {
  /** DATABASE_URL (optional: unset means embedded H2) and SQL_ECHO must be valid. */
  DATABASE,
  /** ENCRYPTION_KEY or MASTER_PASSWORD, plus a valid ENCRYPTION_KDF_ITERATIONS. */
  ENCRYPTION,
  /**
   * SLACK_BOT_TOKEN (xoxb-), SLACK_APP_TOKEN (xapp-), a valid SLACK_API_URL, and valid access
   * settings (ALLOWED_TEAM_IDS, ALLOWED_USER_IDS, ALLOW_GUESTS, ALLOW_EXTERNAL_USERS,
   * AGENT_MAX_TURNS_PER_USER) when set.
   */
  SLACK,
  /**
   * A provider the LLM settings choose without doubt (keys, LLM_PROVIDER, LLM_MODEL, base URLs).
   */
  LLM,
  /** A valid AGENT_STEP_LIMIT and a readable AGENT_SYSTEM_PROMPT_FILE, when set. */
  AGENT
}
