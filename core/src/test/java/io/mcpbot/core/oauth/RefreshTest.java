package io.mcpbot.core.oauth;

import static io.mcpbot.core.oauth.OAuthFixture.USER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.mcpbot.core.mcp.AuthorizationRequiredException;
import io.mcpbot.core.mcp.AuthorizationRequiredException.Reason;
import io.mcpbot.core.oauth.OAuthConnections.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Refresh ahead of expiry, single-flight under concurrency, and a refused refresh. */
class RefreshTest extends WithAuthServer {
  private final OAuthAuthorizer authorizer = new OAuthAuthorizer(fx.flows);

  @Test
  void validTokenIsSentAsIs() {
    fx.connect(server);
    assertThat(authorizer.authorization(USER, server)).isEqualTo("Bearer access-1");
    assertThat(as.refreshes).hasValue(0);
  }

  @Test
  void aGrantIsReadFromTheStoreAtMostEveryThirtySeconds() {
    fx.connect(server);
    assertThat(authorizer.authorization(USER, server)).isEqualTo("Bearer access-1");
    fx.store.deleteGrant(USER, "remote"); // another replica disconnected
    assertThat(authorizer.authorization(USER, server)).isEqualTo("Bearer access-1");
    fx.clock.advance(Refresher.CACHE_FOR);
    assertThat(authorizer.authorization(USER, server)).isNull();
  }

  @Test
  void refreshesAheadOfExpiry() {
    fx.connect(server);
    fx.clock.advance(Duration.ofSeconds(3600 - 30));
    assertThat(authorizer.authorization(USER, server)).isEqualTo("Bearer access-2");
    assertThat(as.refreshes).hasValue(1);
    assertThat(as.tokenRequests.getLast()).contains("grant_type=refresh_token", "resource=");
    assertThat(fx.store.grant(USER, "remote").orElseThrow().refreshToken()).isEqualTo("refresh-2");
  }

  @Test
  void fiftyConcurrentCallersShareOneRefresh() throws Exception {
    fx.connect(server);
    fx.clock.advance(Duration.ofHours(2));
    CountDownLatch gate = new CountDownLatch(1);
    as.refreshGate = gate;
    CountDownLatch started = new CountDownLatch(50);
    List<Future<String>> calls = new ArrayList<>();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < 50; i++) {
        calls.add(
            pool.submit(
                () -> {
                  started.countDown();
                  return authorizer.authorization(USER, server);
                }));
      }
      started.await();
      await().until(() -> as.refreshes.get() == 1);
      gate.countDown();
      for (Future<String> f : calls) {
        assertThat(f.get()).isEqualTo("Bearer access-2");
      }
    }
    assertThat(as.refreshes).hasValue(1);
    assertThat(fx.flows.refreshCount()).isEqualTo(1);
  }

  @Test
  void refusedRefreshMarksTheGrantDeadAndAsksToReconnect() {
    fx.connect(server);
    as.refuseRefresh = true;
    fx.clock.advance(Duration.ofHours(2));
    assertThatThrownBy(() -> authorizer.authorization(USER, server))
        .isInstanceOfSatisfying(
            AuthorizationRequiredException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.RECONNECT));
    assertThat(fx.flows.status(USER, server)).isEqualTo(Status.NEEDS_RECONNECT);
    assertThatThrownBy(() -> authorizer.authorization(USER, server))
        .isInstanceOf(AuthorizationRequiredException.class);
    assertThat(as.refreshes).hasValue(1);
  }

  @Test
  void rejectedTokenIsRefreshedOnceAndRetried() {
    fx.connect(server);
    assertThat(authorizer.challenged(USER, server, 401, "Bearer error=\"invalid_token\"")).isTrue();
    assertThat(authorizer.authorization(USER, server)).isEqualTo("Bearer access-2");
    // a second 401 right after is for a request sent with the old token: no second refresh
    assertThat(authorizer.challenged(USER, server, 401, "Bearer error=\"invalid_token\"")).isTrue();
    assertThat(as.refreshes).hasValue(1);
  }

  @Test
  void grantWithoutExpiryIsNotRefreshedAhead() {
    as.expiresIn = 0;
    fx.connect(server);
    fx.clock.advance(Duration.ofDays(30));
    assertThat(authorizer.authorization(USER, server)).isEqualTo("Bearer access-1");
    assertThat(as.refreshes).hasValue(0);
  }
}
