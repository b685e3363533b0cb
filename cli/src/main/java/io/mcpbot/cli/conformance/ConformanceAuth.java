package io.mcpbot.cli.conformance;

import io.mcpbot.core.mcp.RemoteAuthorizer;

/**
 * The OAuth side of the conformance client: the production OAuth code with a headless user agent in
 * place of the browser. Placeholder until core/oauth lands: no authorization.
 */
final class ConformanceAuth {
  private ConformanceAuth() {}

  /** The authorizer the conformance client's pool uses. */
  static RemoteAuthorizer authorizer() {
    return RemoteAuthorizer.NONE;
  }
}
