package io.mcpbot.core.mcp.internal;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A server definition with every placeholder resolved for one user: ready to spawn (stdio) or
 * connect (HTTP). {@code secrets} are the values to mask in diagnostics. Immutable; toString masks.
 */
public record ResolvedServer(
    String server,
    String userId,
    String command,
    List<String> args,
    Map<String, String> env,
    String url,
    Map<String, String> headers,
    Path userDir,
    List<String> secrets) {

  public ResolvedServer {
    args = List.copyOf(args);
    env = Map.copyOf(env);
    headers = Map.copyOf(headers);
    secrets = List.copyOf(secrets);
  }

  public boolean isRemote() {
    return url != null;
  }

  /** Replaces every secret value in {@code text} with {@code <masked>} (see {@link Masking}). */
  public String mask(String text) {
    return Masking.mask(text, secrets);
  }

  @Override
  public String toString() {
    return "ResolvedServer[" + server + " for " + userId + ", env/headers <masked>]";
  }
}
