package io.mcpbot.core.oauth;

import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.client.ClientInformation;
import com.nimbusds.oauth2.sdk.client.ClientInformationResponse;
import com.nimbusds.oauth2.sdk.client.ClientMetadata;
import com.nimbusds.oauth2.sdk.client.ClientRegistrationErrorResponse;
import com.nimbusds.oauth2.sdk.client.ClientRegistrationRequest;
import com.nimbusds.oauth2.sdk.client.ClientRegistrationResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import io.mcpbot.core.config.OAuthClient;
import io.mcpbot.core.config.RemoteServer;
import io.mcpbot.core.store.ClientRegistration;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Chooses who the bot is to an authorization server, in the spec's order: the operator's
 * pre-registered client, a Client ID Metadata Document the bot serves, or a client registered
 * dynamically (RFC 7591) and remembered in the {@link GrantStore}. Thread-safe.
 *
 * @param store where dynamically registered clients are remembered
 * @param http the HTTP client for registration requests
 * @param redirectUri the redirect URI registered clients use
 * @param clientMetadataUrl the URL of the bot's Client ID Metadata Document, or null for none
 * @param env the bot environment, for pre-registered clients' secrets
 * @param clock tells whether a registered client's secret expired
 */
record ClientIdentity(
    GrantStore store,
    OAuthHttp http,
    URI redirectUri,
    URI clientMetadataUrl,
    Function<String, String> env,
    Clock clock) {
  static final String NONE = "none";
  static final String BASIC = "client_secret_basic";
  static final String POST = "client_secret_post";
  private static final String CLIENT_NAME = "mcpbot";

  /** The chosen client; {@code toString} masks the secret. */
  record Client(String clientId, String secret, String authMethod) {
    /** How to authenticate at the token endpoint; null for a public client. */
    ClientAuthentication authentication() {
      ClientID id = new ClientID(clientId);
      return switch (secret == null ? NONE : authMethod) {
        case POST -> new ClientSecretPost(id, new Secret(secret));
        case NONE -> null;
        default -> new ClientSecretBasic(id, new Secret(secret));
      };
    }

    @Override
    public String toString() {
      return "Client[" + clientId + ", " + authMethod + ", <masked>]";
    }
  }

  /** The client to use with {@code as} for {@code server}, registering one when needed. */
  Client clientFor(RemoteServer server, AuthServer as) {
    if (server.oauth() != null) {
      return preRegistered(server.name(), server.oauth(), as);
    }
    if (as.clientIdMetadataDocuments() && clientMetadataUrl != null) {
      return new Client(clientMetadataUrl.toString(), null, NONE);
    }
    Optional<ClientRegistration> known = store.client(server.name(), as.key());
    if (known.isPresent() && usable(known.get())) {
      ClientRegistration c = known.get();
      return new Client(c.clientId(), c.clientSecret(), c.tokenEndpointAuthMethod());
    }
    return register(server.name(), as);
  }

  /** The client a pending authorization or a grant was made as, for the token endpoint. */
  Client clientNamed(RemoteServer server, AuthServer as, String clientId) {
    if (server != null && server.oauth() != null && server.oauth().clientId().equals(clientId)) {
      return preRegistered(server.name(), server.oauth(), as);
    }
    if (server != null) {
      Optional<ClientRegistration> known = store.client(server.name(), as.key());
      if (known.isPresent() && known.get().clientId().equals(clientId)) {
        ClientRegistration c = known.get();
        return new Client(c.clientId(), c.clientSecret(), c.tokenEndpointAuthMethod());
      }
    }
    return new Client(clientId, null, NONE);
  }

  /** The Client ID Metadata Document the bot serves at its client id URL (JSON). */
  String metadataDocument() {
    if (clientMetadataUrl == null) {
      throw new OAuthException("no client metadata URL configured (PUBLIC_URL is unset)");
    }
    var json = metadata(NONE).toJSONObject();
    json.put("client_id", clientMetadataUrl.toString());
    return json.toJSONString();
  }

  private Client preRegistered(String serverName, OAuthClient oauth, AuthServer as) {
    String secret = null;
    if (oauth.clientSecretVariable() != null) {
      secret = env.apply(oauth.clientSecretVariable());
      if (secret == null || secret.isBlank()) {
        throw new OAuthException(
            "server '"
                + serverName
                + "': the environment variable "
                + oauth.clientSecretVariable()
                + " that holds its OAuth client secret is not set");
      }
    }
    return new Client(oauth.clientId(), secret, secret == null ? NONE : secretMethod(as));
  }

  private Client register(String serverName, AuthServer as) {
    if (as.registrationEndpoint() == null) {
      throw new OAuthException(
          "server '"
              + serverName
              + "': its authorization server offers neither dynamic client registration nor"
              + " client metadata documents; register a client there and set oauth.client_id");
    }
    String wanted = as.authMethods().contains(NONE) ? NONE : secretMethod(as);
    ClientRegistrationRequest request =
        new ClientRegistrationRequest(as.registrationEndpoint(), metadata(wanted), null);
    ClientRegistrationResponse response;
    try {
      response = ClientRegistrationResponse.parse(http.send(request.toHTTPRequest()));
    } catch (ParseException e) {
      throw new OAuthException(
          "server '" + serverName + "': the client registration response could not be read");
    }
    if (response instanceof ClientRegistrationErrorResponse error) {
      throw new OAuthException(
          "server '"
              + serverName
              + "': client registration refused ("
              + Safe.code(error.getErrorObject())
              + ")");
    }
    ClientInformation info = ((ClientInformationResponse) response).getClientInformation();
    String secret = info.getSecret() == null ? null : info.getSecret().getValue();
    ClientAuthenticationMethod granted = info.getMetadata().getTokenEndpointAuthMethod();
    String method = granted != null ? granted.getValue() : wanted;
    if (secret == null) {
      method = NONE;
    }
    ClientRegistration registration =
        new ClientRegistration(
            info.getID().getValue(),
            secret,
            method,
            info.getSecret() == null || info.getSecret().getExpirationDate() == null
                ? null
                : info.getSecret().getExpirationDate().toInstant());
    store.saveClient(serverName, as.key(), registration);
    return new Client(registration.clientId(), secret, method);
  }

  private ClientMetadata metadata(String authMethod) {
    ClientMetadata m = new ClientMetadata();
    m.setName(CLIENT_NAME);
    m.setRedirectionURI(redirectUri);
    m.setGrantTypes(Set.of(GrantType.AUTHORIZATION_CODE, GrantType.REFRESH_TOKEN));
    m.setResponseTypes(Set.of(ResponseType.CODE));
    m.setTokenEndpointAuthMethod(new ClientAuthenticationMethod(authMethod));
    return m;
  }

  /** client_secret_basic unless the server offers only client_secret_post (RFC 8414 default). */
  private static String secretMethod(AuthServer as) {
    List<String> offered = as.authMethods();
    return offered.contains(POST) && !offered.contains(BASIC) ? POST : BASIC;
  }

  private boolean usable(ClientRegistration c) {
    return c.secretExpiresAt() == null || c.secretExpiresAt().isAfter(clock.instant());
  }
}
