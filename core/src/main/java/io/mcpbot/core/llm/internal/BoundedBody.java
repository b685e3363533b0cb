package io.mcpbot.core.llm.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A response body read as UTF-8 text, at most {@code limit} bytes: past the limit the download is
 * cancelled and the body fails with {@link TooLarge}, so a provider (or whatever answers at its
 * URL) cannot make the bot buffer an unbounded reply. One instance per response; not thread-safe
 * beyond what the HTTP client's reactive-streams contract guarantees.
 */
final class BoundedBody implements HttpResponse.BodySubscriber<String> {

  /** The body went past the limit; carries the limit for the message. */
  static final class TooLarge extends IOException {
    final long limit;

    TooLarge(long limit) {
      super("response body larger than " + limit + " bytes");
      this.limit = limit;
    }
  }

  private final long limit;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final CompletableFuture<String> result = new CompletableFuture<>();
  private Flow.Subscription subscription;
  private long received;

  BoundedBody(long limit) {
    this.limit = limit;
  }

  /** A handler giving every response a fresh {@link BoundedBody} of {@code limit} bytes. */
  static HttpResponse.BodyHandler<String> handler(long limit) {
    return info -> new BoundedBody(limit);
  }

  @Override
  public CompletionStage<String> getBody() {
    return result;
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    subscription = s;
    s.request(Long.MAX_VALUE);
  }

  @Override
  public void onNext(List<ByteBuffer> buffers) {
    if (result.isDone()) {
      return;
    }
    for (ByteBuffer b : buffers) {
      received += b.remaining();
      if (received > limit) {
        subscription.cancel();
        result.completeExceptionally(new TooLarge(limit));
        return;
      }
      byte[] chunk = new byte[b.remaining()];
      b.get(chunk);
      out.writeBytes(chunk);
    }
  }

  @Override
  public void onError(Throwable t) {
    result.completeExceptionally(t);
  }

  @Override
  public void onComplete() {
    result.complete(out.toString(StandardCharsets.UTF_8));
  }
}
