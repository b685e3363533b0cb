/**
 * OAuth 2.1 for remote MCP servers, as the MCP authorization spec (2025-11-25) asks of a client:
 * discovery, client identity (pre-registered, Client ID Metadata Document, dynamic registration),
 * authorization code with PKCE, per-user grants encrypted at rest, single-flight refresh. Plain
 * methods that the bot's HTTP endpoint and the CLI call; nothing here serves HTTP.
 */
package io.mcpbot.core.oauth;
