package io.mcpbot.core.oauth;

import static io.mcpbot.core.oauth.OAuthFixture.USER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mcpbot.core.config.RemoteServer;
import io.mcpbot.core.crypto.KeyRing;
import io.mcpbot.core.mcp.AuthorizationRequiredException;
import io.mcpbot.core.oauth.OAuthConnections.Status;
import io.mcpbot.core.store.Store;
import io.mcpbot.core.testing.DbTest;
import io.mcpbot.core.testing.TestDb;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The flows on the database {@link StoredGrants} (H2 and PostgreSQL): connect, 50 concurrent
 * callers on an expired token sharing one refresh, a refused refresh read back as "needs
 * reconnect", disconnect.
 */
class FlowsOnDatabaseTest {
  private static final KeyRing KEY = KeyRing.of("test", List.of(KeyRing.generateKey()));

  @DbTest
  void connectRefreshOnceRefuseAndDisconnect(TestDb db) throws Exception {
    Store store = db.store();
    store.servers().insert("remote", "", "{}", false);
    try (TestAuthServer as = new TestAuthServer();
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      OAuthFixture fx = new OAuthFixture(new StoredGrants(store, KEY), Map.of());
      RemoteServer server = OAuthFixture.server(as.mcpUrl());
      OAuthAuthorizer authorizer = new OAuthAuthorizer(fx.flows);
      fx.connect(server);
      assertThat(fx.flows.status(USER, server)).isEqualTo(Status.CONNECTED);

      fx.clock.advance(Duration.ofHours(2));
      List<Future<String>> calls = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        calls.add(pool.submit(() -> authorizer.authorization(USER, server)));
      }
      for (Future<String> f : calls) {
        assertThat(f.get()).isEqualTo("Bearer access-2");
      }
      assertThat(as.refreshes).hasValue(1);

      as.refuseRefresh = true;
      fx.clock.advance(Duration.ofHours(2));
      assertThatThrownBy(() -> authorizer.authorization(USER, server))
          .isInstanceOf(AuthorizationRequiredException.class);
      OAuthFlows fresh = new OAuthFixture(new StoredGrants(store, KEY), Map.of()).flows;
      assertThat(fresh.status(USER, server)).isEqualTo(Status.NEEDS_RECONNECT);

      fx.flows.disconnect(USER, server);
      assertThat(fx.store.grant(USER, "remote")).isEmpty();
    }
  }
}
