package io.mcpbot.core.store;

/**
 * The encrypted columns of the OAuth tables, as key rotation walks them through {@link OAuthVault}.
 * Each constant names its table and column for the store only.
 */
public enum OAuthSecret {
  ACCESS_TOKEN("oauth_grants", "access_token", "OAuth access token"),
  REFRESH_TOKEN("oauth_grants", "refresh_token", "OAuth refresh token"),
  CLIENT_SECRET("oauth_clients", "client_secret", "OAuth client secret"),
  CODE_VERIFIER("oauth_pending", "code_verifier", "OAuth PKCE verifier");

  private final String table;
  private final String column;
  private final String label;

  OAuthSecret(String table, String column, String label) {
    this.table = table;
    this.column = column;
    this.label = label;
  }

  /** What one value is, for people ("OAuth refresh token"). */
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
}
