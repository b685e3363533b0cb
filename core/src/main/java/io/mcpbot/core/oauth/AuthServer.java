package io.mcpbot.core.oauth;

import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.util.JSONObjectUtils;
import io.mcpbot.core.Require;
import java.net.URI;
import java.util.List;

/**
 * What the bot needs to know about one authorization server (RFC 8414 metadata, or the 2025-03-26
 * default endpoints). Immutable.
 *
 * @param key the URL the metadata was discovered from (the issuer, or the MCP server's base URL in
 *     the 2025-03-26 fallback); grants name it as their issuer
 * @param authorizationEndpoint never null
 * @param tokenEndpoint never null
 * @param registrationEndpoint RFC 7591 endpoint, or null
 * @param revocationEndpoint RFC 7009 endpoint, or null
 * @param codeChallengeMethods advertised PKCE methods, empty when not advertised
 * @param authMethods advertised token endpoint auth methods, empty when not advertised
 * @param scopes advertised {@code scopes_supported}, possibly empty
 * @param clientIdMetadataDocuments whether Client ID Metadata Documents are accepted
 */
record AuthServer(
    String key,
    URI authorizationEndpoint,
    URI tokenEndpoint,
    URI registrationEndpoint,
    URI revocationEndpoint,
    List<String> codeChallengeMethods,
    List<String> authMethods,
    List<String> scopes,
    boolean clientIdMetadataDocuments) {
  AuthServer {
    Require.nonNull(
        "key, authorizationEndpoint, tokenEndpoint", key, authorizationEndpoint, tokenEndpoint);
    codeChallengeMethods = List.copyOf(codeChallengeMethods);
    authMethods = List.copyOf(authMethods);
    scopes = List.copyOf(scopes);
  }

  /** Parses RFC 8414 (or OpenID discovery) metadata with Nimbus. */
  static AuthServer parse(String key, String json) throws ParseException {
    AuthorizationServerMetadata m = AuthorizationServerMetadata.parse(JSONObjectUtils.parse(json));
    if (m.getAuthorizationEndpointURI() == null || m.getTokenEndpointURI() == null) {
      throw new ParseException("metadata lacks authorization_endpoint or token_endpoint");
    }
    Object cimd = m.getCustomParameter("client_id_metadata_document_supported");
    return new AuthServer(
        key,
        m.getAuthorizationEndpointURI(),
        m.getTokenEndpointURI(),
        m.getRegistrationEndpointURI(),
        m.getRevocationEndpointURI(),
        m.getCodeChallengeMethods() == null
            ? List.of()
            : m.getCodeChallengeMethods().stream().map(CodeChallengeMethod::getValue).toList(),
        m.getTokenEndpointAuthMethods() == null
            ? List.of()
            : m.getTokenEndpointAuthMethods().stream()
                .map(ClientAuthenticationMethod::getValue)
                .toList(),
        m.getScopes() == null ? List.of() : m.getScopes().toStringList(),
        Boolean.TRUE.equals(cimd));
  }

  /** The issuer the metadata names, for the RFC 8414 section 3.3 check. */
  static Issuer issuerOf(String json) throws ParseException {
    return AuthorizationServerMetadata.parse(JSONObjectUtils.parse(json)).getIssuer();
  }

  /** The 2025-03-26 fallback: /authorize, /token and /register at the server's base URL. */
  static AuthServer defaults(URI base) {
    return new AuthServer(
        base.toString(),
        base.resolve("/authorize"),
        base.resolve("/token"),
        base.resolve("/register"),
        null,
        List.of(),
        List.of(),
        List.of(),
        false);
  }

  /**
   * PKCE S256 is mandatory: refuse a server that advertises methods without it. A server that
   * advertises none is refused too, except in the 2025-03-26 default-endpoint fallback where there
   * is no metadata to read.
   */
  boolean supportsS256(boolean metadataFound) {
    return codeChallengeMethods.contains("S256")
        || (!metadataFound && codeChallengeMethods.isEmpty());
  }
}
