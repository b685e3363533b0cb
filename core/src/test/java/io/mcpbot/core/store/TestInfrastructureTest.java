package io.mcpbot.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpbot.core.testing.TestDatabases;
import io.mcpbot.core.testing.TestDatabases.Engine;
import io.mcpbot.core.testing.TestDb;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The shared test databases are isolated from each other and already migrated. */
class TestInfrastructureTest {

  @ParameterizedTest
  @MethodSource("io.mcpbot.core.testing.TestDatabases#both")
  void eachTestDbIsFreshAndMigrated(TestDb db) {
    db.store().users().upsert("U1", UserProfile.empty());
    try (TestDb other = TestDatabases.migrated(db.engine())) {
      assertThat(other.store().users().findBySlackId("U1")).isEmpty();
      assertThat(other.database().migrate()).isEmpty();
    }
    assertThat(db.store().users().findBySlackId("U1")).isPresent();
    assertThat(db.toString()).isIn(Engine.H2.name(), Engine.POSTGRESQL.name());
  }
}
