package io.mcpbot.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpbot.core.testing.DbTest;
import io.mcpbot.core.testing.TestDb;

class ServerConfigsTest {

  @DbTest
  void enableDisableAndListPerUser(TestDb db) throws Exception {
    Store store = db.store();
    long ann = store.users().upsert("UANN", UserProfile.empty()).id();
    long bob = store.users().upsert("UBOB", UserProfile.empty()).id();
    long github = store.servers().insert("github", "GitHub", "{}", true).id();
    long memory = store.servers().insert("memory", "Memory", "{}", false).id();
    long retired = store.servers().insert("retired", "", "{}", false).id();
    ServerChoices configs = store.serverConfigs();

    assertThat(configs.isEnabled(ann, github)).isFalse();
    configs.setEnabled(ann, github, true);
    configs.setEnabled(ann, memory, true);
    configs.setEnabled(ann, retired, true);
    configs.setEnabled(bob, memory, true);
    configs.setEnabled(bob, memory, false);
    store.servers().setActive(retired, false);
    store.credentials().put(ann, github, "GITHUB_TOKEN", "api_key", "t");

    assertThat(configs.isEnabled(ann, github)).isTrue();
    assertThat(configs.isEnabled(bob, memory)).isFalse();
    assertThat(configs.enabledServerNames(ann)).containsExactly("github", "memory");
    assertThat(configs.enabledServerNames(bob)).isEmpty();
    assertThat(configs.states(ann))
        .containsExactly(
            new ServerState(github, "github", "GitHub", true, true, 1),
            new ServerState(memory, "memory", "Memory", false, true, 0));
    assertThat(configs.states(bob)).extracting(ServerState::enabled).containsExactly(false, false);

    Concurrently.run(
        8,
        () -> {
          configs.setEnabled(bob, github, true);
          return null;
        });
    assertThat(configs.enabledServerNames(bob)).containsExactly("github");
  }
}
