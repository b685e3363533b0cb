package io.mcpbot.core.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One MCP server as the admin declared it in servers_config.json, before any per-user placeholder
 * is resolved: either a {@link StdioServer} (a command the bot spawns) or a {@link RemoteServer} (a
 * streamable-HTTP endpoint). What both share lives in {@link ServerOptions}. Implementations are
 * immutable records and thread-safe.
 */
public sealed interface ServerDefinition permits StdioServer, RemoteServer {

  /** The key under {@code mcpServers}; also the tool-name prefix. */
  String name();

  /** Description, credentials, timeouts, bot variables and allowed users. */
  ServerOptions options();

  /** Shown in the App Home; never null. */
  default String description() {
    return options().description();
  }

  /** What each user must supply. */
  default List<CredentialSpec> requiredCredentials() {
    return options().requiredCredentials();
  }

  /** Per-server initialize timeout, or null for the pool default. */
  default Duration initTimeout() {
    return options().initTimeout();
  }

  /** Per-server tool-call timeout, or null for the pool default. */
  default Duration callTimeout() {
    return options().callTimeout();
  }

  /** Per-server tools/list timeout, or null for the pool default. */
  default Duration listTimeout() {
    return options().listTimeout();
  }

  /** Bot environment variables this server may receive through {@code ${VAR}}. */
  default List<String> botEnv() {
    return options().botEnv();
  }

  /** Whether {@code slackUserId} may use this server ({@code allowed_users}, absent: everyone). */
  default boolean allows(String slackUserId) {
    return options().allows(slackUserId);
  }

  /** The credential spec filling {@code envVar}, if any. */
  default Optional<CredentialSpec> credentialForEnvVar(String envVar) {
    return requiredCredentials().stream().filter(c -> c.envVar().equals(envVar)).findFirst();
  }

  /** Whether any credential must be supplied by the user before the server can start. */
  default boolean needsCredentials() {
    return requiredCredentials().stream().anyMatch(CredentialSpec::required);
  }
}
