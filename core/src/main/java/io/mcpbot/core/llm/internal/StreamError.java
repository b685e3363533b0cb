package io.mcpbot.core.llm.internal;

/**
 * An error event inside a streamed answer, carried as the HTTP status it stands for and the
 * provider's error body so it is reported in the same words as the same error before the stream.
 * Thrown by stream decoders, caught by {@link ProviderHttp}. Immutable.
 */
public final class StreamError extends RuntimeException {
  private final int status;
  private final String body;

  /**
   * @param status the HTTP status the provider would have answered for this error
   * @param body the error event's data (JSON with {@code error.message})
   */
  public StreamError(int status, String body) {
    super("error event in stream (" + status + ")", null, false, false);
    this.status = status;
    this.body = body;
  }

  int status() {
    return status;
  }

  String body() {
    return body;
  }
}
