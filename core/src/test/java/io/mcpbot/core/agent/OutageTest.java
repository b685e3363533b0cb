package io.mcpbot.core.agent;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mcpbot.core.llm.ChatRequest;
import io.mcpbot.core.llm.ChatResponse;
import io.mcpbot.core.llm.LlmProvider;
import io.mcpbot.core.mcp.PoolConfig;
import io.mcpbot.core.mcp.SessionPool;
import io.mcpbot.core.store.Database;
import io.mcpbot.core.store.DatabaseUrl;
import io.mcpbot.core.store.Store;
import io.mcpbot.core.store.StoreException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A database outage ends the turn with the store's clear exception, before the model is asked. */
class OutageTest {
  @TempDir Path dir;

  @Test
  void aDatabaseOutagePropagatesAsStoreException() {
    Database db = Database.open(DatabaseUrl.parse("jdbc:h2:mem:outage;DB_CLOSE_DELAY=-1"));
    db.migrate();
    Store store = Store.of(db);
    db.close(); // the database goes away
    LlmProvider neverAsked =
        new LlmProvider() {
          @Override
          public ChatResponse chat(ChatRequest request) {
            throw new AssertionError("the model must not be asked without a database");
          }

          @Override
          public String name() {
            return "never";
          }
        };
    try (SessionPool pool = new SessionPool(PoolConfig.defaults(dir), u -> List.of(), k -> null)) {
      Agent agent = new Agent(store, pool, neverAsked, AgentConfig.defaults("m"));
      assertThatThrownBy(() -> agent.run(new TurnInput("U1", "C", "T", "hi"), null))
          .isInstanceOf(StoreException.class);
    }
  }
}
