package io.mcpbot.core.mcp.internal;

import io.mcpbot.core.config.RemoteTransport;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * The skeleton of our two HTTP transports: the {@link HttpChannel} every request goes through, the
 * bound on one message, the future that tells the session the server dropped it, and the hand-off
 * of incoming messages to the SDK's handler (none once closed). Thread-safe.
 */
abstract class HttpTransport extends OwnTransport {
  private final RemoteTransport kind;
  final HttpChannel http;
  final int maxLineBytes;
  private final CompletableFuture<Void> death = new CompletableFuture<>();
  private volatile Function<Mono<McpSchema.JSONRPCMessage>, Mono<McpSchema.JSONRPCMessage>> handler;

  HttpTransport(RemoteTransport kind, HttpChannel http, McpJsonMapper mapper, int maxLineBytes) {
    super(mapper);
    this.kind = kind;
    this.http = http;
    this.maxLineBytes = maxLineBytes;
  }

  @Override
  final CompletableFuture<Void> death() {
    return death;
  }

  /** Takes the SDK's handler of incoming messages, then {@link #opened()}. */
  @Override
  public final Mono<Void> connect(
      Function<Mono<McpSchema.JSONRPCMessage>, Mono<McpSchema.JSONRPCMessage>> h) {
    return Mono.defer(
        () -> {
          handler = h;
          return opened();
        });
  }

  /** Completes once messages can be sent; nothing to wait for unless a subclass says so. */
  Mono<Void> opened() {
    return Mono.empty();
  }

  /** Which of the two HTTP transports this is. */
  final RemoteTransport kind() {
    return kind;
  }

  /** The server's name, for thread names and messages. */
  final String serverName() {
    return http.server().server();
  }

  /** Parses and hands on one message; null (and ignored, like the SDK does) when not JSON-RPC. */
  final McpSchema.JSONRPCMessage dispatch(String json) {
    McpSchema.JSONRPCMessage m;
    try {
      m = McpSchema.deserializeJsonRpcMessage(mapper, json);
    } catch (IOException | IllegalArgumentException e) {
      return null;
    }
    dispatch(m);
    return m;
  }

  final void dispatch(McpSchema.JSONRPCMessage m) {
    var h = handler;
    if (h != null && !isClosed()) {
      h.apply(Mono.just(m)).subscribe(x -> {}, err -> {});
    }
  }
}
