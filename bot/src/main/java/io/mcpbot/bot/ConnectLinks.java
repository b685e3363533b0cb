package io.mcpbot.bot;

import java.net.URI;
import java.util.Optional;

/**
 * Where a Connect button sends a user's browser to start connecting their account to a remote
 * server: the bot's own HTTP endpoint ({@code <PUBLIC_URL>/oauth/start?...}), signed so that any
 * replica can verify it and rendering a view writes nothing. Implementations are thread-safe.
 */
public interface ConnectLinks {
  /** No public URL: every Connect button explains that the operator must set PUBLIC_URL. */
  ConnectLinks NONE = (userId, server) -> Optional.empty();

  /** The start URL for {@code userId} and {@code server}; empty when PUBLIC_URL is not set. */
  Optional<URI> startUrl(String userId, String server);
}
