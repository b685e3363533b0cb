package io.mcpbot.core.oauth;

import static io.mcpbot.core.oauth.OAuthFixture.USER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mcpbot.core.config.RemoteServer;
import io.mcpbot.core.oauth.OAuthConnections.AuthorizationStart;
import io.mcpbot.core.oauth.OAuthConnections.Status;
import io.mcpbot.core.store.Grant;
import io.mcpbot.core.store.PendingAuthorization;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The authorization code flow against a real HTTP authorization server. */
class OAuthFlowsTest extends WithAuthServer {

  @Test
  void beginSendsPkceS256ResourceStateAndRedirect() {
    AuthorizationStart start = fx.flows.begin(USER, server, "browser-1");
    Map<String, String> q = HeadlessUserAgent.query(start.authorizationUrl().getRawQuery());
    assertThat(start.authorizationUrl().toString()).startsWith(as.base() + "/authorize?");
    assertThat(q)
        .containsEntry("response_type", "code")
        .containsEntry("code_challenge_method", "S256")
        .containsEntry("state", start.state())
        .containsEntry("redirect_uri", OAuthFixture.REDIRECT.toString())
        .containsEntry("resource", as.mcpUrl())
        .containsEntry("client_id", "client-1")
        .containsKey("code_challenge");
    assertThat(q).doesNotContainKey("scope");
  }

  @Test
  void connectStoresTheGrantAndRemembersTheRegisteredClient() {
    Grant g = fx.connect(server);
    assertThat(g.accessToken()).isEqualTo("access-1");
    assertThat(g.refreshToken()).isEqualTo("refresh-1");
    assertThat(g.resource()).isEqualTo(as.mcpUrl());
    assertThat(fx.flows.status(USER, server)).isEqualTo(Status.CONNECTED);
    assertThat(fx.store.client("remote", as.base())).isPresent();
    assertThat(as.tokenRequests.getFirst())
        .contains("grant_type=authorization_code", "code_verifier=", "resource=");
    fx.connect(server);
    assertThat(as.registrations).hasValue(1);
  }

  @Test
  void aPathCarryingPerUserUrlIsItsOwnResource() {
    RemoteServer perUser = OAuthFixture.server(as.base() + "/u/${user_id}/mcp?v=2");
    AuthorizationStart start = fx.flows.begin(USER, perUser, null);
    assertThat(HeadlessUserAgent.query(start.authorizationUrl().getRawQuery()))
        .containsEntry("resource", as.base() + "/u/U1/mcp?v=2");
  }

  @Test
  void stateIsSingleUse() {
    AuthorizationStart start = fx.flows.begin(USER, server, null);
    new HeadlessUserAgent(OAuthFixture.REDIRECT).authorize(USER, server, start, fx.flows);
    assertThatThrownBy(() -> fx.flows.complete(start.state(), "code-0", null, null))
        .isInstanceOf(OAuthException.class)
        .hasMessageContaining("unknown, already used or expired");
  }

  @Test
  void stateExpiresWithinTenMinutes() {
    AuthorizationStart start = fx.flows.begin(USER, server, null);
    fx.clock.advance(Duration.ofMinutes(10));
    assertThatThrownBy(() -> fx.flows.complete(start.state(), "code-0", null, null))
        .isInstanceOf(OAuthException.class)
        .hasMessageContaining("expired");
    assertThat(as.tokenRequests).isEmpty();
  }

  @Test
  void stateFromAnotherBrowserIsRefusedAndConsumed() {
    AuthorizationStart start = fx.flows.begin(USER, server, "browser-of-sender");
    assertThatThrownBy(() -> fx.flows.complete(start.state(), "code-0", null, "browser-of-other"))
        .isInstanceOf(OAuthException.class)
        .hasMessageContaining("another browser");
    assertThatThrownBy(() -> fx.flows.complete(start.state(), "code-0", null, "browser-of-sender"))
        .hasMessageContaining("already used");
    assertThat(fx.store.grant(USER, "remote")).isEmpty();
  }

  @Test
  void callbackErrorNamesOnlyTheErrorCode() {
    AuthorizationStart start = fx.flows.begin(USER, server, null);
    assertThatThrownBy(() -> fx.flows.complete(start.state(), null, "access_denied<script>", null))
        .isInstanceOf(OAuthException.class)
        .hasMessageContaining("(access_deniedscript)")
        .hasMessageNotContaining("<");
  }

  @Test
  void authorizationServerWithoutS256IsRefused() {
    as.s256 = false;
    assertThatThrownBy(() -> fx.flows.begin(USER, server, null))
        .isInstanceOf(OAuthException.class)
        .hasMessageContaining("PKCE with S256");
  }

  @Test
  void preRegisteredClientAuthenticatesWithItsSecretFromTheEnvironment() {
    as.authMethods = List.of("client_secret_basic");
    OAuthFixture env = new OAuthFixture(Map.of("REMOTE_SECRET", "s3cr3t-value"));
    RemoteServer pre = OAuthFixture.preRegistered(as.mcpUrl(), "mcp:tools");
    AuthorizationStart start = env.flows.begin(USER, pre, null);
    assertThat(HeadlessUserAgent.query(start.authorizationUrl().getRawQuery()))
        .containsEntry("client_id", "pre-client")
        .containsEntry("scope", "mcp:tools offline_access");
    new HeadlessUserAgent(OAuthFixture.REDIRECT).authorize(USER, pre, start, env.flows);
    String basic = Base64.getEncoder().encodeToString("pre-client:s3cr3t-value".getBytes());
    assertThat(as.tokenAuthHeaders).containsExactly("Basic " + basic);
    assertThat(as.registrations).hasValue(0);
  }

  @Test
  void missingSecretVariableIsNamed() {
    RemoteServer pre = OAuthFixture.preRegistered(as.mcpUrl());
    assertThatThrownBy(() -> fx.flows.begin(USER, pre, null))
        .isInstanceOf(OAuthException.class)
        .hasMessageContaining("REMOTE_SECRET");
  }

  @Test
  void disconnectRevokesThenDeletes() {
    fx.connect(server);
    fx.flows.disconnect(USER, server);
    assertThat(as.revoked).containsExactly("refresh-1", "access-1");
    assertThat(fx.store.grant(USER, "remote")).isEmpty();
    assertThat(fx.flows.status(USER, server)).isEqualTo(Status.NOT_REQUIRED);
  }

  @Test
  void clientMetadataDocumentNamesItsUrlAndRedirect() {
    assertThat(fx.flows.clientMetadataDocument())
        .contains("\"client_id\":\"" + OAuthFixture.CLIENT_METADATA.toString().replace("/", "\\/"))
        .contains("oauth\\/callback")
        .contains("refresh_token");
  }

  @Test
  void noSecretReachesAMessageOrToString() {
    as.authMethods = List.of("client_secret_post");
    OAuthFixture env = new OAuthFixture(Map.of("REMOTE_SECRET", "s3cr3t-value"));
    RemoteServer pre = OAuthFixture.preRegistered(as.mcpUrl());
    List<String> seen = new ArrayList<>();
    AuthorizationStart start = env.flows.begin(USER, pre, "binding-secret");
    PendingAuthorization p =
        env.store.takePending(start.state(), env.clock.instant()).orElseThrow();
    env.store.savePending(p);
    seen.add(p.toString());
    try {
      env.flows.complete(start.state(), "the-code", null, "wrong");
    } catch (OAuthException e) {
      seen.add(e.getMessage());
    }
    Grant g = env.connect(pre);
    seen.add(g.toString());
    seen.add(env.store.client("remote", as.base()).map(Object::toString).orElse(""));
    as.refuseRefresh = true;
    env.clock.advance(Duration.ofHours(2));
    try {
      new OAuthAuthorizer(env.flows).authorization(USER, pre);
    } catch (RuntimeException e) {
      seen.add(e.getMessage());
    }
    assertThat(as.tokenRequests.getLast()).contains("client_secret=s3cr3t-value");
    assertThat(String.join("\n", seen))
        .doesNotContain(
            "s3cr3t-value",
            p.codeVerifier(),
            "the-code",
            "binding-secret",
            g.accessToken(),
            g.refreshToken());
  }
}
