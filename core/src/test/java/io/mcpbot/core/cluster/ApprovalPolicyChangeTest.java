package io.mcpbot.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpbot.core.admin.ServerSync;
import io.mcpbot.core.admin.SyncResult;
import io.mcpbot.core.config.ApprovalPolicy;
import io.mcpbot.core.config.ServersConfig;
import io.mcpbot.core.config.StdioServer;
import io.mcpbot.core.mcp.Fixtures;
import io.mcpbot.core.store.SessionChange;
import io.mcpbot.core.testing.DbTest;
import io.mcpbot.core.testing.TestDb;
import java.util.List;
import java.util.Map;

/**
 * A server's approval policy lives in its definition, which a session holds from its start: a
 * sync-servers that changes only the policy must be published as a change of that server, so every
 * replica restarts its sessions (what ReplicaSessionsTest shows for a changed server).
 */
class ApprovalPolicyChangeTest {

  @DbTest
  void aChangedApprovalPolicyIsPublishedAsAChangeOfItsServer(TestDb db) {
    StdioServer asks = Fixtures.tokenServer("secret", "needs a token");
    ServerSync.sync(db.store(), new ServersConfig(Map.of("secret", asks), List.of()), false);
    long before = db.store().sessionChanges().lastId();

    StdioServer never =
        asks.withOptions(
            asks.options().withApproval(new ApprovalPolicy(ApprovalPolicy.Mode.NEVER, List.of())));
    SyncResult result =
        ServerSync.sync(db.store(), new ServersConfig(Map.of("secret", never), List.of()), false);

    assertThat(result.changes())
        .extracting(SyncResult.Change::action)
        .containsExactly(SyncResult.Action.UPDATED);
    assertThat(db.store().sessionChanges().after(before, 10))
        .extracting(SessionChange::serverName)
        .containsExactly("secret");
  }
}
