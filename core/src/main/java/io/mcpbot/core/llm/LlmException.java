package io.mcpbot.core.llm;

import io.mcpbot.core.McpbotException;
import java.util.Objects;

/**
 * An LLM call or LLM configuration that failed, with a {@link Kind} callers can branch on. The
 * message names the problem and the fix and never contains an API key or prompt text. Immutable.
 */
public class LlmException extends McpbotException {

  /** What went wrong, coarse enough to branch on. */
  public enum Kind {
    /** The provider rejected the API key (401/403). */
    AUTH,
    /** The model (or endpoint) does not exist (404). */
    NOT_FOUND,
    /** The provider rejected the request itself (400 and other 4xx). */
    BAD_REQUEST,
    /** Still rate limited (429) after the retries, or out of quota. */
    RATE_LIMITED,
    /** Server errors (5xx, 529 overloaded) after the retries, or the server was unreachable. */
    UNAVAILABLE,
    /** No answer within the request timeout. */
    TIMEOUT,
    /** The provider answered something we cannot read. */
    MALFORMED,
    /** The LLM settings are missing or contradictory (raised at startup). */
    CONFIG,
    /** The calling thread was interrupted while waiting. */
    CANCELLED,
    /** A streamed answer broke off after it had started; the text so far is incomplete. */
    CUT_OFF
  }

  private final Kind kind;
  private final int status;

  public LlmException(Kind kind, String message) {
    this(kind, 0, message, null);
  }

  public LlmException(Kind kind, int status, String message, Throwable cause) {
    super(message, cause);
    this.kind = Objects.requireNonNull(kind, "kind");
    this.status = status;
  }

  public Kind kind() {
    return kind;
  }

  /** The last HTTP status the provider answered, or 0 when there was none. */
  public int status() {
    return status;
  }
}
