package io.mcpbot.core.store;

/**
 * Every column of Fernet tokens in the store, in the order key rotation walks them: users'
 * credentials, then the OAuth secrets. Each constant names its table and column for the store only;
 * {@link SecretColumns} reads and rewrites them.
 */
public enum EncryptedColumn {
  CREDENTIAL("user_credentials", "encrypted_value", "credential"),
  ACCESS_TOKEN("oauth_grants", "access_token", "OAuth access token"),
  REFRESH_TOKEN("oauth_grants", "refresh_token", "OAuth refresh token"),
  CLIENT_SECRET("oauth_clients", "client_secret", "OAuth client secret"),
  CODE_VERIFIER("oauth_pending", "code_verifier", "OAuth PKCE verifier");

  private final String table;
  private final String column;
  private final String label;

  EncryptedColumn(String table, String column, String label) {
    this.table = table;
    this.column = column;
    this.label = label;
  }

  /** What the column holds, for people ("user credentials", "OAuth refresh tokens"). */
  public String plural() {
    return this == CREDENTIAL ? "user credentials" : label + "s";
  }

  /** What one value is, for people ("credential", "OAuth refresh token"). */
  public String label() {
    return label;
  }

  String table() {
    return table;
  }

  String column() {
    return column;
  }

  /** Whether the table names a user (client registrations belong to a server only). */
  boolean hasUser() {
    return this != CLIENT_SECRET;
  }

  /**
   * The owner's column naming each row, or null when the label names them all (a user has many
   * credentials for one server, but one grant, client secret or pending verifier).
   */
  String nameColumn() {
    return this == CREDENTIAL ? "credential_name" : null;
  }
}
