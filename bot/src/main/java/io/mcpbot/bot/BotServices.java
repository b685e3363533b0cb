package io.mcpbot.bot;

import io.mcpbot.core.agent.TurnRunner;
import io.mcpbot.core.mcp.SessionPool;
import io.mcpbot.core.store.Store;
import io.mcpbot.core.users.UserServers;
import java.util.Objects;

/**
 * The core services the Slack adapter drives, as {@code mcpbot chat} drives them: the store (event
 * dedupe, user lookups), the user's servers and credentials, their sessions (tool listing for the
 * App Home) and the turn runner. Immutable; no component is null; thread-safe as its parts are.
 */
public record BotServices(Store store, UserServers users, SessionPool pool, TurnRunner turns) {
  public BotServices {
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(users, "users");
    Objects.requireNonNull(pool, "pool");
    Objects.requireNonNull(turns, "turns");
  }
}
