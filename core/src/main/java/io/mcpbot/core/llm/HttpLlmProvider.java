package io.mcpbot.core.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcpbot.core.llm.internal.ProviderHttp;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.Map;

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

  /** One wire format: a request to its JSON body, a successful response body to the answer. */
  public interface Codec {
    /** The request body. */
    JsonNode encode(ChatRequest request);

    /** The answer in a successful response body. */
    ChatResponse decode(JsonNode body);
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
    return http.chat(path, request, codec.encode(request), headers, codec::decode);
  }

  @Override
  public final String name() {
    return config.displayName();
  }
}
