package io.mcpbot.core.mcp.internal;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpClientTransport;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import reactor.core.publisher.Mono;

/**
 * What our client transports (stdio, streamable HTTP, HTTP+SSE) share: the JSON mapper and closing
 * exactly once, however often and from whichever thread {@link #close()} is called. Subclasses say
 * how to shut down in {@link #shutdown()}. Thread-safe.
 */
abstract class OwnTransport implements McpClientTransport {
  final McpJsonMapper mapper;
  private final AtomicBoolean closed = new AtomicBoolean();

  OwnTransport(McpJsonMapper mapper) {
    this.mapper = mapper;
  }

  /** Whether {@link #close()} was called (the shutdown may still be under way). */
  final boolean isClosed() {
    return closed.get();
  }

  /** Completes exceptionally, with a user-facing message, once the server dropped the session. */
  abstract CompletableFuture<Void> death();

  /** Releases the transport's process or connections; runs once, on the first close. */
  abstract void shutdown();

  @Override
  public final Mono<Void> closeGracefully() {
    return Mono.fromRunnable(this::close);
  }

  @Override
  public final void close() {
    if (closed.compareAndSet(false, true)) {
      shutdown();
    }
  }

  @Override
  public final <T> T unmarshalFrom(Object data, TypeRef<T> typeRef) {
    return mapper.convertValue(data, typeRef);
  }
}
