package io.mcpbot.core.store;

/**
 * Whose a credential row is, never its value. Immutable; {@code slackUserId} and {@code server} are
 * null when that user or server row is gone.
 */
public record CredentialOwner(long id, String slackUserId, String server, String credentialName) {}
