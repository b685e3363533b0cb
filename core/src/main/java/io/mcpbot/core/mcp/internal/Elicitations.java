package io.mcpbot.core.mcp.internal;

import io.mcpbot.core.mcp.ElicitationAnswer;
import io.mcpbot.core.mcp.ElicitationRequest;
import io.mcpbot.core.mcp.Elicitor;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import reactor.core.publisher.Mono;

/**
 * Routes one session's elicitations to the elicitor of the call in flight: MCP does not say which
 * request an elicitation belongs to, so when several calls share the session the most recent one's
 * elicitor answers; with none in flight the pool's fallback does. An elicitor runs on its own
 * virtual thread (it may wait for the user); if it throws, the answer is cancel. Thread-safe.
 */
final class Elicitations {
  private final String server;
  private final Elicitor fallback;
  private final Deque<InFlight> inFlight = new ArrayDeque<>();

  /** One call's registration; identity matters (two calls may share an elicitor). */
  private static final class InFlight {
    private final Elicitor elicitor;

    private InFlight(Elicitor elicitor) {
      this.elicitor = elicitor;
    }
  }

  Elicitations(String server, Elicitor fallback) {
    this.server = server;
    this.fallback = fallback == null ? Elicitor.CANCEL : fallback;
  }

  /** Registers a call's elicitor (null: the fallback); returns the token for {@link #pop}. */
  synchronized Object push(Elicitor elicitor) {
    InFlight token = new InFlight(elicitor == null ? fallback : elicitor);
    inFlight.addLast(token);
    return token;
  }

  synchronized void pop(Object token) {
    inFlight.remove(token);
  }

  private synchronized Elicitor current() {
    InFlight last = inFlight.peekLast();
    return last == null ? fallback : last.elicitor;
  }

  /** The server says a URL-mode elicitation is complete: the call in flight's elicitor hears. */
  Mono<Void> completed(McpSchema.ElicitationCompleteNotification n) {
    return Mono.fromRunnable(
        () -> {
          try {
            current().completed(server, n.elicitationId());
          } catch (RuntimeException e) {
            // an elicitor's failure must not break the session's notification stream
          }
        });
  }

  Mono<McpSchema.ElicitResult> form(McpSchema.ElicitFormRequest r) {
    return answer(
        new ElicitationRequest(
            server, ElicitationRequest.Mode.FORM, r.message(), r.requestedSchema(), null, null));
  }

  Mono<McpSchema.ElicitResult> url(McpSchema.ElicitUrlRequest r) {
    return answer(
        new ElicitationRequest(
            server,
            ElicitationRequest.Mode.URL,
            r.message(),
            Map.of(),
            r.url(),
            r.elicitationId()));
  }

  private Mono<McpSchema.ElicitResult> answer(ElicitationRequest request) {
    Elicitor elicitor = current();
    CompletableFuture<McpSchema.ElicitResult> f = new CompletableFuture<>();
    Thread.ofVirtual()
        .name("mcp-elicit-" + server)
        .start(
            () -> {
              ElicitationAnswer a;
              try {
                a = elicitor.elicit(request);
              } catch (RuntimeException e) {
                a = ElicitationAnswer.cancel();
              }
              f.complete(result(a));
            });
    return Mono.fromFuture(f);
  }

  private static McpSchema.ElicitResult result(ElicitationAnswer a) {
    return switch (a) {
      case ElicitationAnswer.Accept acc ->
          new McpSchema.ElicitResult(McpSchema.ElicitResult.Action.ACCEPT, acc.content());
      case ElicitationAnswer.Decline d ->
          new McpSchema.ElicitResult(McpSchema.ElicitResult.Action.DECLINE, null);
      case ElicitationAnswer.Cancel c ->
          new McpSchema.ElicitResult(McpSchema.ElicitResult.Action.CANCEL, null);
      case null -> new McpSchema.ElicitResult(McpSchema.ElicitResult.Action.CANCEL, null);
    };
  }
}
