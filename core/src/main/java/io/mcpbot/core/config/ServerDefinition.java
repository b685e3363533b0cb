package io.mcpbot.core.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One MCP server as the admin declared it in servers_config.json, before any per-user placeholder
 * is resolved. Either {@code command} (stdio) or {@code url} (streamable HTTP) is set, never both.
 * Immutable and thread-safe; {@code command}, {@code url} and the timeouts may be null.
 *
 * @param name the key under {@code mcpServers}; also the tool-name prefix
 * @param command executable for stdio servers, or null
 * @param args arguments, may contain {@code ${user_id}} and {@code ${VAR}} placeholders
 * @param env extra environment for the child, values may contain placeholders
 * @param url endpoint of a streamable-HTTP server, or null
 * @param headers HTTP headers for {@code url}, values may contain placeholders
 * @param description shown in the App Home
 * @param requiredCredentials what each user must supply
 * @param initTimeout per-server override of the initialize timeout, or null for the default
 * @param callTimeout per-server override of the tool-call timeout, or null for the default
 * @param listTimeout per-server override of the tools/list timeout, or null for the default
 */
public record ServerDefinition(
    String name,
    String command,
    List<String> args,
    Map<String, String> env,
    String url,
    Map<String, String> headers,
    String description,
    List<CredentialSpec> requiredCredentials,
    Duration initTimeout,
    Duration callTimeout,
    Duration listTimeout) {

  public ServerDefinition {
    Objects.requireNonNull(name, "name");
    args = List.copyOf(args == null ? List.of() : args);
    env = Map.copyOf(env == null ? Map.of() : env);
    headers = Map.copyOf(headers == null ? Map.of() : headers);
    description = description == null ? "" : description;
    requiredCredentials =
        List.copyOf(requiredCredentials == null ? List.of() : requiredCredentials);
    if ((command == null) == (url == null)) {
      throw new IllegalArgumentException(
          "server '" + name + "' needs exactly one of \"command\" (stdio) or \"url\" (HTTP)");
    }
  }

  /** A definition without a tools/list timeout override. */
  public ServerDefinition(
      String name,
      String command,
      List<String> args,
      Map<String, String> env,
      String url,
      Map<String, String> headers,
      String description,
      List<CredentialSpec> requiredCredentials,
      Duration initTimeout,
      Duration callTimeout) {
    this(
        name,
        command,
        args,
        env,
        url,
        headers,
        description,
        requiredCredentials,
        initTimeout,
        callTimeout,
        null);
  }

  /** Convenience for a stdio server with no credentials and default timeouts. */
  public static ServerDefinition stdio(String name, String command, List<String> args) {
    return new ServerDefinition(
        name, command, args, Map.of(), null, Map.of(), "", List.of(), null, null);
  }

  /** True for a remote streamable-HTTP server. */
  public boolean isRemote() {
    return url != null;
  }

  /** The credential spec filling {@code envVar}, if any. */
  public Optional<CredentialSpec> credentialForEnvVar(String envVar) {
    return requiredCredentials.stream().filter(c -> c.envVar().equals(envVar)).findFirst();
  }

  /** Whether any credential must be supplied by the user before the server can start. */
  public boolean needsCredentials() {
    return requiredCredentials.stream().anyMatch(CredentialSpec::required);
  }
}
