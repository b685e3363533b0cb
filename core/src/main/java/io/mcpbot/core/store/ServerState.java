package io.mcpbot.core.store;

/**
 * One active server as a given user sees it (App Home, {@code mcpbot chat}). Immutable; {@code
 * description} may be null.
 *
 * @param credentialCount how many credentials the user has stored for this server
 */
public record ServerState(
    long serverId,
    String name,
    String description,
    boolean requiresCredentials,
    boolean enabled,
    int credentialCount) {}
