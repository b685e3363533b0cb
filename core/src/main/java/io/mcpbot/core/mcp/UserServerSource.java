package io.mcpbot.core.mcp;

import java.util.List;

/**
 * Where the pool learns which servers a user has enabled and with which credentials (implemented
 * over the store + decryption by the agent glue). Must be thread-safe; never returns null.
 */
@FunctionalInterface
public interface UserServerSource {
  List<UserServer> enabledServers(String slackUserId);
}
