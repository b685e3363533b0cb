package io.mcpbot.core.mcp;

import io.mcpbot.core.Require;
import io.mcpbot.core.config.ServerDefinition;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * One server a user has enabled, with the means to get that user's credentials for it (env var to
 * plaintext). A source that keeps credentials encrypted hands a {@link #deferred} server, so the
 * pool decrypts only when it starts a session, never per turn or per call. Immutable and
 * thread-safe; {@code toString} never shows credential values. {@code unavailableReason} is null
 * unless the source already knows the server cannot run for this user.
 */
public final class UserServer {
  private final ServerDefinition definition;
  private final Supplier<Map<String, String>> credentials;
  private final String unavailableReason;

  private UserServer(
      ServerDefinition definition,
      Supplier<Map<String, String>> credentials,
      String unavailableReason) {
    this.definition = Objects.requireNonNull(definition, "definition");
    this.credentials = Objects.requireNonNull(credentials, "credentials");
    this.unavailableReason = unavailableReason;
  }

  /** A server with credentials already in plaintext (tests, benches, servers needing none). */
  public UserServer(ServerDefinition definition, Map<String, String> credentials) {
    this(definition, constant(credentials), null);
  }

  /**
   * A server whose credentials {@code loader} reads (and decrypts) on demand: called once per
   * session start. The loader may throw {@link McpException} with a reason worded for the user
   * (e.g. a credential no key opens); the pool reports it as the server's problem.
   */
  public static UserServer deferred(
      ServerDefinition definition, Supplier<Map<String, String>> loader) {
    return new UserServer(definition, loader, null);
  }

  /** A server that must not start for this user, with the reason worded for the user. */
  public static UserServer unavailable(ServerDefinition definition, String reason) {
    return new UserServer(definition, constant(Map.of()), Objects.requireNonNull(reason, "reason"));
  }

  public ServerDefinition definition() {
    return definition;
  }

  public String name() {
    return definition.name();
  }

  /** Why this server cannot run for the user, or null. */
  public String unavailableReason() {
    return unavailableReason;
  }

  /**
   * The user's credentials in plaintext, read afresh on every call (a deferred server decrypts
   * them): the pool calls this only to start a session and keeps the values in that session alone.
   */
  public Map<String, String> credentials() {
    return Map.copyOf(credentials.get());
  }

  private static Supplier<Map<String, String>> constant(Map<String, String> credentials) {
    Map<String, String> copy = Require.copyOrEmpty(credentials);
    return () -> copy;
  }

  @Override
  public String toString() {
    return "UserServer[" + definition.name() + ", credentials=<masked>]";
  }
}
