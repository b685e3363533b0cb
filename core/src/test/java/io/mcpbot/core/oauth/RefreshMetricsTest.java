package io.mcpbot.core.oauth;

import static io.mcpbot.core.oauth.OAuthFixture.USER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mcpbot.core.mcp.AuthorizationRequiredException;
import io.mcpbot.core.metrics.BotMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** OAuth refreshes are counted by outcome into the metrics handed to {@link OAuthFlows}. */
class RefreshMetricsTest extends WithAuthServer {
  private final OAuthAuthorizer authorizer = new OAuthAuthorizer(fx.flows);
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  private double refreshes(String outcome) {
    var c = registry.find("mcpbot.oauth.refreshes").tag("outcome", outcome).counter();
    return c == null ? 0 : c.count();
  }

  @Test
  void renewedAndRefusedRefreshesAreCounted() {
    fx.flows.metrics(new BotMetrics(registry));
    fx.connect(server);
    fx.clock.advance(Duration.ofHours(2));
    assertThat(authorizer.authorization(USER, server)).isEqualTo("Bearer access-2");
    assertThat(refreshes("ok")).isEqualTo(1);

    as.refuseRefresh = true;
    fx.clock.advance(Duration.ofHours(2));
    assertThatThrownBy(() -> authorizer.authorization(USER, server))
        .isInstanceOf(AuthorizationRequiredException.class);
    assertThat(refreshes("failed")).isEqualTo(1);
    assertThat(refreshes("ok")).isEqualTo(1);
  }
}
