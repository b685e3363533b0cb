package io.mcpbot.core.store;

/** Select lists shared by the repositories' queries (aliased to the records' component names). */
final class Columns {
  static final String USERS =
      "id, slack_user_id, display_name, real_name, email, is_active AS active, created_at,"
          + " updated_at, last_seen_at";

  static final String SERVERS =
      "id, name, description, definition AS definition_json, requires_credentials,"
          + " is_active AS active, created_at, updated_at";

  static final String CONVERSATIONS =
      "id, user_id, channel_id, thread_ts, created_at, last_message_at";

  static final String MESSAGES =
      "id, conversation_id, role, content, tool_calls, tool_call_id, is_error, created_at";

  private Columns() {}
}
