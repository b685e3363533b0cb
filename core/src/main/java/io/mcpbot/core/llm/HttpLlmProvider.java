package io.mcpbot.core.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcpbot.core.llm.internal.ProviderHttp;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What the HTTP providers share: one POST per chat to a fixed path with fixed headers, retries and
 * error mapping by the shared HTTP layer; subclasses supply only the {@link Codec}. Thread-safe
 * when the codec is.
 */
public abstract class HttpLlmProvider implements LlmProvider {
  private final LlmConfig config;
  private final ProviderHttp http;
  private final String path;
  private final Map<String, String> headers;
  private final Codec codec;

  /**
   * One wire format: a request to its JSON body (asking for a stream), a successful response body
   * to the answer, and a reader for the answer streamed as server-sent events.
   */
  public interface Codec {
    /** The request body, asking for a streamed answer. */
    JsonNode encode(ChatRequest request);

    /** The answer in a successful response body (a server that ignored the stream request). */
    ChatResponse decode(JsonNode body);

    /** A fresh reader for one streamed answer, handing text pieces to {@code onText}. */
    StreamDecoder stream(Consumer<String> onText);
  }

  /**
   * Reads one streamed answer event by event. One instance per response; not thread-safe. Throws
   * {@link io.mcpbot.core.llm.internal.StreamError} for an error event and {@link LlmException} for
   * an event it cannot read.
   */
  public interface StreamDecoder {
    /** One server-sent event ({@code event} may be null); returns true when it ended the answer. */
    boolean onEvent(String event, String data);

    /** The whole answer, after the event that ended it. */
    ChatResponse finish();
  }

  /**
   * Builds the shared HTTP layer (retries, error mapping) from the seams the subclass was given.
   *
   * @param path the endpoint below the base URL, e.g. {@code /chat/completions}
   * @param headers sent with every request (the credentials among them)
   * @param codec the wire format
   */
  protected HttpLlmProvider(
      LlmConfig config,
      HttpClient client,
      Sleeper sleeper,
      Clock clock,
      ObjectMapper mapper,
      String path,
      Map<String, String> headers,
      Codec codec) {
    this.config = config;
    this.http = new ProviderHttp(config, client, sleeper, clock, mapper);
    this.path = path;
    this.headers = headers;
    this.codec = codec;
  }

  /** The configuration this provider was built from. */
  protected final LlmConfig config() {
    return config;
  }

  @Override
  public final ChatResponse chat(ChatRequest request) {
    return chat(request, text -> {});
  }

  @Override
  public final ChatResponse chat(ChatRequest request, Consumer<String> onText) {
    return http.stream(path, headers, request, codec, onText);
  }

  @Override
  public final String name() {
    return config.displayName();
  }
}
