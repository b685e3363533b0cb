package io.mcpbot.core.oauth;

import static io.mcpbot.core.oauth.OAuthFixture.USER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mcpbot.core.config.RemoteServer;
import io.mcpbot.core.mcp.AuthorizationRequiredException;
import io.mcpbot.core.mcp.AuthorizationRequiredException.Reason;
import io.mcpbot.core.oauth.OAuthConnections.Status;
import io.mcpbot.core.store.Grant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** How the authorizer answers challenges, with and without an interactive prompt. */
class OAuthAuthorizerTest extends WithAuthServer {

  @Test
  void noGrantSendsNothingAndA401AsksToConnect() {
    OAuthAuthorizer authorizer = new OAuthAuthorizer(fx.flows);
    assertThat(fx.flows.status(USER, server)).isEqualTo(Status.NOT_REQUIRED);
    assertThat(authorizer.authorization(USER, server)).isNull();
    assertThatThrownBy(() -> authorizer.challenged(USER, server, 401, "Bearer scope=\"mcp:tools\""))
        .isInstanceOfSatisfying(
            AuthorizationRequiredException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reason.NOT_CONNECTED);
              assertThat(e.server()).isEqualTo("remote");
            });
    assertThat(fx.flows.status(USER, server)).isEqualTo(Status.NOT_CONNECTED);
    // the remembered challenge's scope goes into the Connect that follows
    assertThat(fx.flows.begin(USER, server, null).authorizationUrl().getRawQuery())
        .contains("scope=mcp%3Atools+offline_access");
  }

  @Test
  void aPromptCompletesTheFlowAndAsksForARetry() {
    OAuthAuthorizer authorizer =
        new OAuthAuthorizer(fx.flows, new HeadlessUserAgent(OAuthFixture.REDIRECT));
    assertThat(authorizer.challenged(USER, server, 401, null)).isTrue();
    assertThat(authorizer.authorization(USER, server)).isEqualTo("Bearer access-1");
  }

  @Test
  void stepUpAsksForTheUnionOfScopesThenStops() {
    AtomicInteger prompts = new AtomicInteger();
    HeadlessUserAgent agent = new HeadlessUserAgent(OAuthFixture.REDIRECT);
    OAuthAuthorizer authorizer =
        new OAuthAuthorizer(
            fx.flows,
            (user, s, start, connections) -> {
              prompts.incrementAndGet();
              String scope =
                  HeadlessUserAgent.query(start.authorizationUrl().getRawQuery()).get("scope");
              assertThat(scope).contains("mcp:write");
              return agent.authorize(user, s, start, connections);
            });
    as.grantedScope = "mcp:tools";
    String challenge = "Bearer error=\"insufficient_scope\", scope=\"mcp:write\"";
    assertThat(authorizer.challenged(USER, server, 403, challenge)).isTrue();
    // the server grants less than asked: asking again for the same scope is tried twice at most
    assertThat(authorizer.challenged(USER, server, 403, challenge)).isTrue();
    assertThatThrownBy(() -> authorizer.challenged(USER, server, 403, challenge))
        .isInstanceOfSatisfying(
            AuthorizationRequiredException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.INSUFFICIENT_SCOPE));
    assertThat(prompts).hasValue(2);
  }

  @Test
  void stepUpThatCannotHelpIsRefusedAtOnce() {
    fx.connect(server);
    Grant g = fx.store.grant(USER, "remote").orElseThrow();
    fx.store.saveGrant(
        USER,
        "remote",
        new Grant(
            g.accessToken(),
            g.refreshToken(),
            g.expiresAt(),
            "mcp:admin",
            g.issuer(),
            g.clientId(),
            g.resource()));
    OAuthAuthorizer authorizer =
        new OAuthAuthorizer(
            fx.flows,
            (u, s, start, c) -> {
              throw new AssertionError("must not prompt");
            });
    assertThatThrownBy(
            () ->
                authorizer.challenged(
                    USER, server, 403, "Bearer error=\"insufficient_scope\", scope=\"mcp:admin\""))
        .isInstanceOf(AuthorizationRequiredException.class);
  }

  @Test
  void aPromptReconnectsADeadGrantBeforeTheCall() {
    fx.connect(server);
    as.refuseRefresh = true;
    fx.clock.advance(java.time.Duration.ofHours(2));
    OAuthAuthorizer authorizer =
        new OAuthAuthorizer(fx.flows, new HeadlessUserAgent(OAuthFixture.REDIRECT));
    assertThat(authorizer.authorization(USER, server)).isEqualTo("Bearer access-2");
    assertThat(fx.flows.status(USER, server)).isEqualTo(Status.CONNECTED);
  }

  @Test
  void aPlain403IsFinal() {
    assertThat(new OAuthAuthorizer(fx.flows).challenged(USER, server, 403, "Bearer")).isFalse();
  }

  @Test
  void preRegisteredServerIsConnectableBeforeAnyChallenge() {
    RemoteServer pre =
        OAuthFixture.server(as.mcpUrl(), new io.mcpbot.core.config.OAuthClient("pre", null, null));
    assertThat(new OAuthFixture(Map.of()).flows.status(USER, pre)).isEqualTo(Status.NOT_CONNECTED);
  }
}
