package io.mcpbot.core.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * The oauth_grants, oauth_clients and oauth_pending tables behind {@link OAuthVault}. Writes first
 * resolve the Slack user id and server name to row ids, so a missing owner writes nothing.
 */
@RegisterConstructorMapper(Grant.class)
@RegisterConstructorMapper(ClientRegistration.class)
@RegisterConstructorMapper(PendingAuthorization.class)
interface OAuthRows extends OAuthVault, SqlObject {

  @Override
  @SqlQuery(
      "SELECT g.access_token, g.refresh_token, g.expires_at, g.scope, g.issuer, g.client_id,"
          + " g.resource FROM oauth_grants g"
          + " JOIN users u ON u.id = g.user_id JOIN mcp_servers s ON s.id = g.server_id"
          + " WHERE u.slack_user_id = :slackUserId AND s.name = :server")
  Optional<Grant> findGrant(String slackUserId, String server);

  @SqlQuery(
      "SELECT id FROM oauth_grants WHERE user_id = (SELECT id FROM users WHERE slack_user_id ="
          + " :slackUserId) AND server_id = (SELECT id FROM mcp_servers WHERE name = :server)"
          + " FOR UPDATE")
  Optional<Long> lockGrantRow(String slackUserId, String server);

  @Override
  default boolean lockGrant(String slackUserId, String server) {
    return lockGrantRow(slackUserId, server).isPresent();
  }

  @Override
  default boolean putGrant(String slackUserId, String server, Grant grant) {
    Objects.requireNonNull(grant, "grant");
    Optional<Long> user = userId(slackUserId);
    Optional<Long> srv = serverId(server);
    if (user.isEmpty() || srv.isEmpty()) {
      return false;
    }
    long u = user.get();
    long s = srv.get();
    Sql.upsert(getHandle(), () -> replaceGrant(u, s, grant), () -> insertGrant(u, s, grant));
    return true;
  }

  @SqlUpdate(
      "INSERT INTO oauth_grants (user_id, server_id, access_token, refresh_token, expires_at,"
          + " scope, issuer, client_id, resource) VALUES (:userId, :serverId, :g.accessToken,"
          + " :g.refreshToken, :g.expiresAt, :g.scope, :g.issuer, :g.clientId, :g.resource)")
  void insertGrant(long userId, long serverId, @BindMethods("g") Grant grant);

  @SqlUpdate(
      "UPDATE oauth_grants SET access_token = :g.accessToken,"
          + " refresh_token = :g.refreshToken, expires_at = :g.expiresAt,"
          + " scope = :g.scope, issuer = :g.issuer, client_id = :g.clientId,"
          + " resource = :g.resource, updated_at = CURRENT_TIMESTAMP"
          + " WHERE user_id = :userId AND server_id = :serverId")
  int replaceGrant(long userId, long serverId, @BindMethods("g") Grant grant);

  @Override
  @SqlUpdate(
      "DELETE FROM oauth_grants"
          + " WHERE user_id = (SELECT id FROM users WHERE slack_user_id = :slackUserId)"
          + " AND server_id = (SELECT id FROM mcp_servers WHERE name = :server)")
  boolean deleteGrant(String slackUserId, String server);

  @Override
  @SqlQuery(
      "SELECT c.client_id, c.client_secret, c.token_endpoint_auth_method,"
          + " c.secret_expires_at FROM oauth_clients c"
          + " JOIN mcp_servers s ON s.id = c.server_id"
          + " WHERE s.name = :server AND c.issuer = :issuer")
  Optional<ClientRegistration> findClient(String server, String issuer);

  @Override
  default boolean putClient(String server, String issuer, ClientRegistration client) {
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(client, "client");
    Optional<Long> srv = serverId(server);
    if (srv.isEmpty()) {
      return false;
    }
    long s = srv.get();
    Sql.upsert(
        getHandle(), () -> replaceClient(s, issuer, client), () -> insertClient(s, issuer, client));
    return true;
  }

  @SqlUpdate(
      "INSERT INTO oauth_clients (server_id, issuer, client_id, client_secret,"
          + " token_endpoint_auth_method, secret_expires_at) VALUES (:serverId, :issuer,"
          + " :c.clientId, :c.clientSecret, :c.tokenEndpointAuthMethod, :c.secretExpiresAt)")
  void insertClient(long serverId, String issuer, @BindMethods("c") ClientRegistration client);

  @SqlUpdate(
      "UPDATE oauth_clients SET client_id = :c.clientId, client_secret = :c.clientSecret,"
          + " token_endpoint_auth_method = :c.tokenEndpointAuthMethod,"
          + " secret_expires_at = :c.secretExpiresAt, updated_at = CURRENT_TIMESTAMP"
          + " WHERE server_id = :serverId AND issuer = :issuer")
  int replaceClient(long serverId, String issuer, @BindMethods("c") ClientRegistration client);

  @Override
  default boolean putPending(PendingAuthorization pending) {
    Optional<Long> user = userId(pending.userId());
    Optional<Long> srv = serverId(pending.server());
    if (user.isEmpty() || srv.isEmpty()) {
      return false;
    }
    insertPending(user.get(), srv.get(), pending.codeVerifier(), pending);
    return true;
  }

  // the verifier is bound under a name SQL_ECHO masks, as the other secret columns are
  @SqlUpdate(
      "INSERT INTO oauth_pending (state, user_id, server_id, code_verifier, redirect_uri, issuer,"
          + " client_id, resource, scope, browser_binding, expires_at) VALUES (:p.state, :userId,"
          + " :serverId, :encryptedVerifier, :p.redirectUri, :p.issuer, :p.clientId,"
          + " :p.resource, :p.scope, :p.browserBinding, :p.expiresAt)")
  void insertPending(
      long userId,
      long serverId,
      String encryptedVerifier,
      @BindMethods("p") PendingAuthorization pending);

  // A pending row is never updated, so what the read saw is what the winning delete removed. The
  // delete is the arbiter: of concurrent takers, on any instance, one deletes the row and the
  // others (blocked on its row lock until it commits) delete nothing. The purge runs after the
  // commit: inside, two takers purging the same expired rows could deadlock on each other's locks.
  @Override
  default Optional<PendingAuthorization> takePending(String state, Instant now) {
    Objects.requireNonNull(now, "now");
    Optional<PendingAuthorization> taken =
        getHandle()
            .inTransaction(
                h -> {
                  Optional<PendingAuthorization> row = findPending(state);
                  return row.isPresent() && deletePending(state) == 1 ? row : Optional.empty();
                });
    purgeExpiredPending(now);
    return taken.filter(p -> p.expiresAt().isAfter(now));
  }

  @SqlQuery(
      "SELECT p.state, u.slack_user_id AS user_id, s.name AS server, p.code_verifier,"
          + " p.redirect_uri, p.issuer, p.client_id, p.resource, p.scope, p.browser_binding,"
          + " p.expires_at FROM oauth_pending p"
          + " JOIN users u ON u.id = p.user_id JOIN mcp_servers s ON s.id = p.server_id"
          + " WHERE p.state = :state")
  Optional<PendingAuthorization> findPending(String state);

  @SqlUpdate("DELETE FROM oauth_pending WHERE state = :state")
  int deletePending(String state);

  @Override
  @SqlUpdate("DELETE FROM oauth_pending WHERE expires_at <= :now")
  int purgeExpiredPending(Instant now);

  @SqlQuery("SELECT id FROM users WHERE slack_user_id = :slackUserId")
  Optional<Long> userId(String slackUserId);

  @SqlQuery("SELECT id FROM mcp_servers WHERE name = :server")
  Optional<Long> serverId(String server);
}
