package io.mcpbot.core.mcp;

import io.mcpbot.core.config.ServerDefinition;
import io.mcpbot.core.mcp.internal.ResolvedServer;
import io.mcpbot.core.mcp.internal.Resolver;
import io.mcpbot.core.mcp.internal.Session;
import io.mcpbot.core.mcp.internal.UserDirs;
import io.modelcontextprotocol.json.McpJsonMapper;
import java.time.Duration;
import java.util.Objects;

/**
 * Turns one user's server into a live {@link Session}: resolve placeholders, create the user's
 * folders, spawn or connect with the server's own timeouts (the pool's defaults where the server
 * sets none). Holds no mutable state; thread-safe. The pool's bookkeeping lives in {@link
 * SlotTable}, which calls this outside its lock.
 */
final class SessionOpener {
  /** The server itself failed to start: counts towards backoff and the circuit. */
  static final class StartFailure extends Exception {
    private final String stderr;

    StartFailure(String message, String stderr) {
      super(message, null, false, false);
      this.stderr = stderr == null ? "" : stderr;
    }

    /** Masked stderr tail, possibly empty. */
    String stderr() {
      return stderr;
    }
  }

  private final PoolConfig config;
  private final Resolver resolver;
  private final McpJsonMapper mapper;

  SessionOpener(PoolConfig config, Resolver resolver, McpJsonMapper mapper) {
    this.config = config;
    this.resolver = resolver;
    this.mapper = mapper;
  }

  /**
   * Opens a session. A {@link RuntimeException} (missing credential, path leaving the user's
   * directory, unknown placeholder) is a configuration problem and not counted as a failure.
   */
  Session open(String userId, UserServer us) throws StartFailure {
    // resolved only when starting: a running session never pays for it
    ResolvedServer resolved = resolver.resolve(userId, us);
    try {
      UserDirs.prepare(resolved);
      return Session.open(
          resolved, mapper, timeouts(us.definition()), config.maxLineBytes(), config.killGrace());
    } catch (Session.Broken e) {
      throw new StartFailure(e.getMessage(), e.stderr());
    } catch (McpException e) {
      throw new StartFailure(e.getMessage(), "");
    } catch (RuntimeException e) {
      throw new StartFailure(
          "server '"
              + us.name()
              + "' could not start: "
              + resolved.mask(String.valueOf(e.getMessage())),
          "");
    }
  }

  /** The server's timeouts: its own from servers_config.json, else the pool's defaults. */
  Session.Timeouts timeouts(ServerDefinition def) {
    return new Session.Timeouts(
        Objects.requireNonNullElse(def.initTimeout(), config.initTimeout()),
        Objects.requireNonNullElse(def.listTimeout(), config.listTimeout()),
        callTimeout(def));
  }

  Duration callTimeout(ServerDefinition def) {
    return Objects.requireNonNullElse(def.callTimeout(), config.callTimeout());
  }
}
