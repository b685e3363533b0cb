package io.mcpbot.bot;

import io.mcpbot.core.Require;
import io.mcpbot.core.agent.TurnRunner;
import io.mcpbot.core.cluster.TurnHandoff;
import io.mcpbot.core.mcp.SessionPool;
import io.mcpbot.core.store.Store;
import io.mcpbot.core.users.UserServers;

/**
 * The core services the Slack adapter drives, as {@code mcpbot chat} drives them: the store (event
 * dedupe, user lookups), the user's servers and credentials, their sessions (tool listing for the
 * App Home) and the turn runner; with several replicas, the {@link TurnHandoff} that hands a turn
 * to the replica holding its user's lease (null: one process, every turn runs where it arrives).
 * Immutable; no other component is null; thread-safe as its parts are.
 */
public record BotServices(
    Store store, UserServers users, SessionPool pool, TurnRunner turns, TurnHandoff handoff) {
  public BotServices {
    Require.nonNull("store, users, pool, turns", store, users, pool, turns);
  }

  /** Services of a single process: every turn runs where it arrives. */
  public BotServices(Store store, UserServers users, SessionPool pool, TurnRunner turns) {
    this(store, users, pool, turns, null);
  }
}
