package io.mcpbot.core.admin;

import io.mcpbot.core.McpbotException;
import java.util.List;

/**
 * Stored credentials or OAuth secrets that no key opens, found by {@link KeyRotation} before it
 * wrote anything (or, for a row added meanwhile, before it touched that row). The message names
 * each row's user and server, never a value. Immutable.
 */
public class UnreadableCredentialsException extends McpbotException {
  private final long count;
  private final List<BadCredential> examples;

  /**
   * A credential no key opens.
   *
   * @param slackUserId the owner's Slack id (null if the user row is gone, or for an OAuth client)
   * @param server the server name (null if the server row is gone)
   * @param credentialName the credential's name, or for OAuth what the value is ("OAuth access
   *     token")
   */
  public record BadCredential(long id, String slackUserId, String server, String credentialName) {
    @Override
    public String toString() {
      // A registered OAuth client belongs to a server only: no user to name.
      return (slackUserId == null ? "" : "user " + slackUserId + ", ")
          + "server "
          + server
          + ", credential "
          + credentialName
          + " (row "
          + id
          + ")";
    }
  }

  private final boolean nothingWritten;

  /**
   * @param nothingWritten true when found by the pre-check (no row was changed); false when a row
   *     added during the rotation turned up unreadable (rows rotated so far stay rotated)
   */
  public UnreadableCredentialsException(
      long count, List<BadCredential> examples, boolean nothingWritten) {
    super(format(count, examples, nothingWritten));
    this.nothingWritten = nothingWritten;
    this.count = count;
    this.examples = List.copyOf(examples);
  }

  /** True when nothing was written before the problem was found. */
  public boolean nothingWritten() {
    return nothingWritten;
  }

  /** Total rows no key opens. */
  public long count() {
    return count;
  }

  /** The first rows (at most {@link KeyRotation#MAX_NAMED}), with their user and server. */
  public List<BadCredential> examples() {
    return examples;
  }

  /** One line per problem, for the CLI. */
  public List<String> lines() {
    return getMessage().lines().toList();
  }

  private static String format(long count, List<BadCredential> examples, boolean nothingWritten) {
    StringBuilder sb =
        new StringBuilder()
            .append(count)
            .append(count == 1 ? " stored credential opens" : " stored credentials open")
            .append(" with neither the current keys nor the new key; ")
            .append(
                nothingWritten
                    ? "nothing was written."
                    : "rows rotated so far stay rotated (re-running completes).")
            .append(" Add the key they were written with to ENCRYPTION_KEY (or set the right")
            .append(" MASTER_PASSWORD/ENCRYPTION_SALT), or have these users re-enter them (OAuth:")
            .append(" reconnect):");
    for (BadCredential b : examples) {
      sb.append('\n').append("  ").append(b);
    }
    if (count > examples.size()) {
      sb.append('\n').append("  ... and ").append(count - examples.size()).append(" more");
    }
    return sb.toString();
  }
}
