package io.mcpbot.core.config;

import io.mcpbot.core.Require;
import io.mcpbot.core.mcp.sandbox.SandboxPolicy;
import java.util.List;
import java.util.Map;

/**
 * A server the bot spawns per user and speaks to over stdin/stdout. Immutable and thread-safe;
 * nothing is null.
 *
 * @param name the key under {@code mcpServers}; also the tool-name prefix
 * @param command the executable (no placeholders)
 * @param args arguments, may contain placeholders
 * @param env extra environment for the child, values may contain placeholders
 * @param sandbox the {@code sandbox} object ({@link SandboxPolicy#DEFAULT} when absent)
 * @param sandboxRequired {@code sandbox.required}: the server must not run unsandboxed
 * @param options what every server has
 */
public record StdioServer(
    String name,
    String command,
    List<String> args,
    Map<String, String> env,
    SandboxPolicy sandbox,
    boolean sandboxRequired,
    ServerOptions options)
    implements ServerDefinition {

  public StdioServer {
    Require.nonNull("name, command", name, command);
    args = Require.copyOrEmpty(args);
    env = Require.copyOrEmpty(env);
    sandbox = sandbox == null ? SandboxPolicy.DEFAULT : sandbox;
    options = options == null ? ServerOptions.NONE : options;
  }

  /** A server with the default sandbox policy (not required). */
  public StdioServer(
      String name,
      String command,
      List<String> args,
      Map<String, String> env,
      ServerOptions options) {
    this(name, command, args, env, SandboxPolicy.DEFAULT, false, options);
  }

  /** A server with no env, credentials or overrides. */
  public static StdioServer of(String name, String command, List<String> args) {
    return new StdioServer(name, command, args, Map.of(), ServerOptions.NONE);
  }

  public StdioServer withOptions(ServerOptions o) {
    return new StdioServer(name, command, args, env, sandbox, sandboxRequired, o);
  }

  public StdioServer withSandbox(SandboxPolicy policy, boolean required) {
    return new StdioServer(name, command, args, env, policy, required, options);
  }
}
