package io.mcpbot.core.mcp;

import io.mcpbot.core.config.OAuthClient;
import io.mcpbot.core.config.RemoteServer;
import io.mcpbot.core.config.RemoteTransport;
import io.mcpbot.core.config.ServerDefinition;
import io.mcpbot.core.config.StdioServer;
import io.mcpbot.core.mcp.internal.ResolvedServer;
import io.mcpbot.core.mcp.internal.Resolver;
import io.mcpbot.core.mcp.internal.Session;
import io.mcpbot.core.mcp.internal.UserDirs;
import io.mcpbot.core.mcp.sandbox.Sandbox;
import io.mcpbot.core.mcp.sandbox.SandboxSpec;
import io.modelcontextprotocol.json.McpJsonMapper;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Turns one user's server into a live {@link Session}: resolve placeholders, create the user's
 * folders, spawn (inside the pool's sandbox, per the server's sandbox policy) or connect with the
 * server's own timeouts (the pool's defaults where the server sets none). Holds no mutable state;
 * thread-safe. The pool's bookkeeping lives in {@link SlotTable}, which calls this outside its
 * lock.
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
  private final Function<String, String> botEnv;
  // server name -> the transport probing found (AUTO servers only), for the pool's lifetime
  private final Map<String, RemoteTransport> probed = new ConcurrentHashMap<>();

  SessionOpener(
      PoolConfig config, Resolver resolver, McpJsonMapper mapper, Function<String, String> botEnv) {
    this.config = config;
    this.resolver = resolver;
    this.mapper = mapper;
    this.botEnv = botEnv;
  }

  /**
   * Opens a session. A {@link RuntimeException} (missing credential, path leaving the user's
   * directory, unknown placeholder) is a configuration problem and not counted as a failure.
   */
  Session open(String userId, UserServer us) throws StartFailure {
    // resolved only when starting: a running session never pays for it
    ResolvedServer resolved = resolver.resolve(userId, us);
    Session.Remote remote = remote(us.definition());
    try {
      UserDirs.prepare(resolved);
      Session s =
          Session.open(
              resolved,
              mapper,
              timeouts(us.definition()),
              config.maxLineBytes(),
              config.killGrace(),
              launcher(us.definition(), resolved),
              remote,
              config.elicitor());
      if (s.transport() != null && us.definition() instanceof RemoteServer r) {
        probed.put(r.name(), s.transport());
      }
      return s;
    } catch (Session.Broken e) {
      throw new StartFailure(e.getMessage(), e.stderr());
    } catch (AuthorizationRequiredException e) {
      throw e; // the user must act: no start failure, no backoff, no circuit
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

  /**
   * How to reach a remote server, or null for stdio; throws when its OAuth client secret's bot
   * variable is unset (a configuration problem, not a start failure). With {@code AUTO} the
   * transport an earlier session of this server found by probing is used, so only the first session
   * probes.
   */
  private Session.Remote remote(ServerDefinition def) {
    if (!(def instanceof RemoteServer r)) {
      return null;
    }
    OAuthClient client = r.oauth();
    if (client != null
        && client.clientSecretVariable() != null
        && botEnv.apply(client.clientSecretVariable()) == null) {
      throw new McpException(
          "server '"
              + r.name()
              + "' names "
              + client.clientSecretVariable()
              + " in oauth.client_secret_env but the bot's environment does not set it; set it"
              + " for the bot or remove client_secret_env from servers_config.json");
    }
    RemoteTransport t =
        r.transport() == RemoteTransport.AUTO
            ? probed.getOrDefault(r.name(), RemoteTransport.AUTO)
            : r.transport();
    return new Session.Remote(r, t, config.authorizer());
  }

  /**
   * Throws when the server's policy requires the sandbox and none is active: checked before any
   * permit or credential is taken, so the server is simply unavailable, with the reason.
   */
  void requireSandbox(ServerDefinition def) {
    if (def instanceof StdioServer s && s.sandboxRequired() && !config.sandbox().active()) {
      throw new McpException(
          "server '"
              + def.name()
              + "' runs only inside the sandbox (sandbox.required in servers_config.json) and no"
              + " sandbox is active on this bot (MCP_SANDBOX="
              + config.sandbox().status().mode().name().toLowerCase(Locale.ROOT)
              + "); ask the operator to install bubblewrap and set MCP_SANDBOX=auto or bwrap");
    }
  }

  /**
   * The sandbox's wrapper for a stdio server, or null (remote server, no sandbox). The read-only
   * paths come from the command and args as the operator configured them, never from a user's
   * credential; PATH is the child's own.
   */
  private UnaryOperator<List<String>> launcher(ServerDefinition def, ResolvedServer resolved) {
    Sandbox sandbox = config.sandbox();
    if (!(def instanceof StdioServer s) || !sandbox.active()) {
      return null;
    }
    SandboxSpec spec =
        SandboxSpec.forServer(
            resolved.userDir(), s.command(), s.args(), resolved.env().get("PATH"), s.sandbox());
    return sandbox.launcher(spec);
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
