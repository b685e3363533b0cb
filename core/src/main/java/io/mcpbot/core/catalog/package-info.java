/**
 * The server catalog: which servers the admin configured (synced into the database) and which of
 * them each user has enabled, as the session pool needs them. {@link
 * io.mcpbot.core.catalog.ServerDirectory} parses the active servers; {@link
 * io.mcpbot.core.catalog.StoreServerSource} maps a user's choices to {@link
 * io.mcpbot.core.mcp.UserServer}s whose credentials are decrypted only when a session starts.
 */
package io.mcpbot.core.catalog;
