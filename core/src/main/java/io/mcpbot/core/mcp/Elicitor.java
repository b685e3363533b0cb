package io.mcpbot.core.mcp;

/**
 * Answers a server's elicitation ({@code elicitation/create}): asks the user for the requested
 * values (form mode) or to visit a URL (URL mode). A call routes the elicitations its session
 * receives while it is in flight to its own elicitor ({@link SessionPool#call(String, McpTool,
 * java.util.Map, Elicitor)}); when several calls are in flight on one session, the most recent
 * one's elicitor answers. Implementations are thread-safe and may block (they run on a virtual
 * thread) until the user answers; the values they return are never logged.
 */
@FunctionalInterface
public interface Elicitor {
  /** Nobody can answer: every elicitation is cancelled (the pool's default). */
  Elicitor CANCEL = request -> ElicitationAnswer.cancel();

  /** The user's answer to {@code request}; never null (a thrown exception counts as cancel). */
  ElicitationAnswer elicit(ElicitationRequest request);

  /**
   * {@code server} sent {@code notifications/elicitation/complete} for the URL-mode elicitation
   * {@code elicitationId}; the default ignores it. Must not block.
   */
  default void completed(String server, String elicitationId) {}
}
