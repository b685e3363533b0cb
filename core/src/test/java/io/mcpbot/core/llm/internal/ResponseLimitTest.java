package io.mcpbot.core.llm.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcpbot.core.llm.ChatMessage;
import io.mcpbot.core.llm.FakeLlmServer;
import io.mcpbot.core.llm.FakeTime;
import io.mcpbot.core.llm.Fixtures;
import io.mcpbot.core.llm.LlmConfig;
import io.mcpbot.core.llm.LlmException;
import io.mcpbot.core.llm.LlmProviders;
import io.mcpbot.core.llm.ProviderKind;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A provider's reply is read up to a limit; past it the call fails naming the limit. */
class ResponseLimitTest {
  private final FakeLlmServer server = new FakeLlmServer();
  private final FakeTime time = new FakeTime();
  private final ObjectMapper mapper = new ObjectMapper();

  @AfterEach
  void stop() {
    server.close();
  }

  private LlmConfig config() {
    return Fixtures.config(ProviderKind.OPENAI, "gpt-9-turbo", URI.create(server.url() + "/v1"));
  }

  private ProviderHttp http(long limit) {
    return new ProviderHttp(config(), LlmProviders.defaultHttpClient(), time, time, mapper, limit);
  }

  @Test
  void aReplyOverTheDefaultLimitFailsThroughTheProviderWithoutRetry() {
    String huge = "{\"pad\":\"" + "x".repeat((int) ProviderHttp.DEFAULT_MAX_RESPONSE_BYTES) + "\"}";
    server.reply(200, huge).reply(200, huge);

    LlmException e =
        catchThrowableOfType(
            LlmException.class,
            () ->
                LlmProviders.create(config(), LlmProviders.defaultHttpClient(), time, time)
                    .chat(
                        Fixtures.request(
                            "gpt-9-turbo", List.of(new ChatMessage.User("Hi")), List.of())));

    assertThat(e).isNotNull();
    assertThat(e.kind()).isEqualTo(LlmException.Kind.MALFORMED);
    assertThat(e.getMessage())
        .contains("larger than 8388608 bytes, the most the bot reads of one reply")
        .doesNotContain("xxxx")
        .doesNotContain(Fixtures.KEY);
    assertThat(server.requests()).hasSize(1);
  }

  @Test
  void aConfiguredLimitIsExactAndErrorBodiesAreBoundedToo() {
    String body = "{\"a\":\"" + "y".repeat(90) + "\"}"; // 98 bytes
    server.reply(200, body).reply(200, body).reply(500, body);

    assertThat(http(98).post("/chat/completions", "m", mapper.createObjectNode(), Map.of()))
        .isEqualTo(mapper.createObjectNode().put("a", "y".repeat(90)));
    LlmException over =
        catchThrowableOfType(
            LlmException.class,
            () -> http(97).post("/chat/completions", "m", mapper.createObjectNode(), Map.of()));
    assertThat(over.getMessage()).contains("larger than 97 bytes");
    LlmException error =
        catchThrowableOfType(
            LlmException.class,
            () -> http(10).post("/chat/completions", "m", mapper.createObjectNode(), Map.of()));
    assertThat(error.getMessage()).contains("larger than 10 bytes");
  }
}
