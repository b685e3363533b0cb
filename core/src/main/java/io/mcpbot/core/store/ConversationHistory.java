package io.mcpbot.core.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Conversations per (user, channel, thread) and their messages. Obtain from {@link
 * Store#conversations()}; thread-safe there. Arguments must not be null unless stated.
 */
public interface ConversationHistory {

  /**
   * The conversation for this user, channel and thread, created if absent. {@code threadTs} null
   * means "not in a thread" (stored as {@code ""}). Race-safe across threads and instances.
   */
  Conversation findOrCreate(long userId, String channelId, String threadTs);

  /** The conversation for this user, channel and thread ({@code ""} outside a thread). */
  Optional<Conversation> find(long userId, String channelId, String threadTs);

  Optional<Conversation> findById(long id);

  /** Sets last_message_at to now. */
  boolean touch(long id);

  /** Sets last_message_at to {@code at} (imports, tests). */
  boolean touch(long id, Instant at);

  /** Deletes one conversation and its messages. */
  boolean delete(long id);

  /**
   * Appends a message and moves the conversation's last_message_at to now.
   *
   * @param content may be null (an assistant turn that only calls tools)
   * @param toolCallsJson the assistant's tool calls as JSON, or null
   * @param toolCallId for a tool result, the tool call it answers; else null
   * @param isError true for the result of a failed tool call (replayed to the model with the
   *     history); false for every other message
   */
  StoredMessage append(
      long conversationId,
      MessageRole role,
      String content,
      String toolCallsJson,
      String toolCallId,
      boolean isError);

  /** The last {@code limit} messages of a conversation, oldest first. */
  List<StoredMessage> recent(long conversationId, int limit);

  /** How many messages a conversation holds. */
  long messageCount(long conversationId);

  /** How many conversations are idle since before {@code cutoff}. */
  long countIdleSince(Instant cutoff);

  /** How many messages the conversations idle since before {@code cutoff} hold. */
  long countIdleMessages(Instant cutoff);

  /** Deletes conversations (and their messages) idle since before {@code cutoff}; returns count. */
  int purgeIdleSince(Instant cutoff);
}
