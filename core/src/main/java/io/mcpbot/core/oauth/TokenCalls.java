package io.mcpbot.core.oauth;

import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.TokenRevocationRequest;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.oauth2.sdk.token.Token;
import com.nimbusds.oauth2.sdk.token.Tokens;
import io.mcpbot.core.store.Grant;
import io.mcpbot.core.store.PendingAuthorization;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;

/**
 * The token endpoint and revocation calls: code exchange with the PKCE verifier and {@code
 * resource}, refresh, RFC 7009 revocation. Nimbus builds and parses; {@link OAuthHttp} sends.
 * Thread-safe.
 */
final class TokenCalls {
  /**
   * The token endpoint refused the grant itself (revoked, expired, replayed): only a new one helps.
   */
  static final class GrantRefusedException extends OAuthException {
    GrantRefusedException(String message) {
      super(message);
    }
  }

  private final OAuthHttp http;
  private final Clock clock;

  TokenCalls(OAuthHttp http, Clock clock) {
    this.http = http;
    this.clock = clock;
  }

  Grant exchange(PendingAuthorization p, AuthServer as, ClientIdentity.Client client, String code) {
    AuthorizationGrant grant =
        new AuthorizationCodeGrant(
            new AuthorizationCode(code),
            URI.create(p.redirectUri()),
            new CodeVerifier(p.codeVerifier()));
    Tokens t = call(as, client, grant, p.resource(), "exchange the authorization code");
    return toGrant(
        t.getAccessToken().getValue(), t.getRefreshToken(), t, p.scope(), as, client, p.resource());
  }

  Grant refresh(Grant old, AuthServer as, ClientIdentity.Client client) {
    Tokens t =
        call(
            as,
            client,
            new RefreshTokenGrant(new RefreshToken(old.refreshToken())),
            old.resource(),
            "refresh the access token");
    // servers that do not rotate refresh tokens send none back: keep the one we have
    RefreshToken next =
        t.getRefreshToken() != null ? t.getRefreshToken() : new RefreshToken(old.refreshToken());
    return toGrant(t.getAccessToken().getValue(), next, t, old.scope(), as, client, old.resource());
  }

  /** Revokes the refresh token (which ends the grant at most servers) and the access token. */
  void revoke(Grant g, AuthServer as, ClientIdentity.Client client) {
    if (as.revocationEndpoint() == null) {
      return;
    }
    if (g.refreshToken() != null) {
      revokeOne(as, client, new RefreshToken(g.refreshToken()));
    }
    revokeOne(as, client, new BearerAccessToken(g.accessToken()));
  }

  private void revokeOne(AuthServer as, ClientIdentity.Client client, Token token) {
    TokenRevocationRequest r =
        client.authentication() != null
            ? new TokenRevocationRequest(as.revocationEndpoint(), client.authentication(), token)
            : new TokenRevocationRequest(
                as.revocationEndpoint(), new ClientID(client.clientId()), token);
    http.send(r.toHTTPRequest());
  }

  private Tokens call(
      AuthServer as,
      ClientIdentity.Client client,
      AuthorizationGrant grant,
      String resource,
      String what) {
    TokenRequest.Builder b =
        client.authentication() != null
            ? new TokenRequest.Builder(as.tokenEndpoint(), client.authentication(), grant)
            : new TokenRequest.Builder(as.tokenEndpoint(), new ClientID(client.clientId()), grant);
    if (resource != null) {
      b.resources(URI.create(resource));
    }
    TokenResponse response;
    try {
      response = TokenResponse.parse(http.send(b.build().toHTTPRequest()));
    } catch (ParseException e) {
      throw new OAuthException(
          "could not " + what + ": unreadable answer from " + OAuthHttp.hostOf(as.tokenEndpoint()));
    }
    if (response instanceof TokenErrorResponse error) {
      ErrorObject e = error.getErrorObject();
      String message =
          "could not "
              + what
              + ": "
              + OAuthHttp.hostOf(as.tokenEndpoint())
              + " said "
              + Safe.code(e);
      if (e != null && OAuth2Error.INVALID_GRANT.getCode().equals(e.getCode())) {
        throw new GrantRefusedException(message);
      }
      throw new OAuthException(message);
    }
    return ((AccessTokenResponse) response).getTokens();
  }

  private Grant toGrant(
      String access,
      RefreshToken refresh,
      Tokens t,
      String requestedScope,
      AuthServer as,
      ClientIdentity.Client client,
      String resource) {
    long lifetime = t.getAccessToken().getLifetime();
    Instant expiresAt = lifetime > 0 ? clock.instant().plusSeconds(lifetime) : null;
    String scope =
        t.getAccessToken().getScope() != null
            ? t.getAccessToken().getScope().toString()
            : requestedScope;
    return new Grant(
        access,
        refresh == null ? null : refresh.getValue(),
        expiresAt,
        scope,
        as.key(),
        client.clientId(),
        resource);
  }
}
