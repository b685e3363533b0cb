package io.mcpbot.bot.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpbot.bot.BotServices;
import io.mcpbot.bot.ConnectLinks;
import io.mcpbot.bot.TestCore;
import io.mcpbot.core.catalog.ServerDirectory;
import io.mcpbot.core.config.CredentialSpec;
import io.mcpbot.core.store.Database;
import io.mcpbot.core.store.Store;
import io.mcpbot.core.testing.TestDatabases.Engine;
import io.mcpbot.core.users.UserServers;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Assembling the App Home from the real core. */
class HomeAssemblerTest {
  private static final CredentialSpec TOKEN =
      new CredentialSpec("api_key", "fixture_token", "Fixture token", "FIXTURE_TOKEN", true, null);

  @Test
  void theCredentialFormOfAServerOnTheHomeNeedsNoDatabase() throws Exception {
    try (TestCore core =
        new TestCore(Engine.H2, TestCore.server("secret", "Needs a token", TOKEN))) {
      // Its own connection pool, closed once the Home is built: opening the modal (while
      // Slack's trigger_id runs) must not wait for the database.
      Database second = Database.open(core.db.database().url());
      Store store = Store.of(second);
      HomeAssembler home =
          new HomeAssembler(
              new BotServices(
                  store,
                  new UserServers(store, core.keys, core.pool, new ServerDirectory(store)),
                  core.pool,
                  (input, listener) -> {
                    throw new UnsupportedOperationException("no turns here");
                  }),
              new HomeAssembler.HomeSettings(
                  Duration.ofSeconds(5), Runnable::run, null, ConnectLinks.NONE));
      assertThat(home.assemble("U0ALICE01").servers())
          .extracting(HomePage.Row::name)
          .containsExactly("secret");
      second.close();

      assertThat(home.credentialSpecs("secret"))
          .extracting(CredentialSpec::name)
          .containsExactly("fixture_token");
    }
  }
}
