package io.mcpbot.core.store;

import java.util.List;
import java.util.Optional;

/**
 * Key rotation's view of every {@link EncryptedColumn}: a keyset scan and compare-and-set, so a
 * rotation runs safely beside a bot that keeps writing. Values are Fernet tokens; this layer never
 * sees plaintext. Obtain from {@link Store#secretColumns()}; thread-safe there, and inside a
 * transaction it joins it. Arguments must not be null.
 */
public interface SecretColumns {

  /** How many values of {@code column} are stored (null refresh tokens and secrets not counted). */
  long count(EncryptedColumn column);

  /**
   * Keyset page over the rows holding a value: ids above {@code afterId}, ascending, at most limit.
   */
  List<CredentialToken> scan(EncryptedColumn column, long afterId, int limit);

  /** One row's value, if the row exists and holds one. */
  Optional<CredentialToken> findToken(EncryptedColumn column, long id);

  /**
   * Replaces the value only if it is still {@code expected}, so key rotation never overwrites a
   * value the bot changed meanwhile. updated_at is left alone: re-encryption is no user change.
   */
  boolean compareAndSet(EncryptedColumn column, long id, String expected, String replacement);

  /**
   * {@link #compareAndSet} for many rows in one JDBC batch.
   *
   * @return per swap, in order, the rows it changed: 1, or 0 when the value had changed or the row
   *     was gone
   */
  int[] compareAndSetAll(EncryptedColumn column, List<CredentialSwap> swaps);

  /**
   * Whose the rows {@code ids} are, by id (missing users or servers as null). The credential name
   * is the row's own for {@link EncryptedColumn#CREDENTIAL}, else the column's label; the Slack
   * user is null for client registrations (they belong to a server only).
   */
  List<CredentialOwner> owners(EncryptedColumn column, List<Long> ids);
}
