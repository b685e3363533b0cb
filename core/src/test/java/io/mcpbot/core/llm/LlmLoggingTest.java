package io.mcpbot.core.llm;

import static io.mcpbot.core.llm.Fixtures.KEY;
import static io.mcpbot.core.llm.TestJson.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Keys, prompts, tool arguments and answers never reach the log; nothing is logged above DEBUG. */
class LlmLoggingTest {
  private final FakeLlmServer server = new FakeLlmServer();
  private final FakeTime time = new FakeTime();
  private final Logger logger = (Logger) LoggerFactory.getLogger("io.mcpbot.core.llm");
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
  private Level previous;

  @BeforeEach
  void capture() {
    previous = logger.getLevel();
    logger.setLevel(Level.TRACE);
    appender.start();
    logger.addAppender(appender);
  }

  @AfterEach
  void release() {
    logger.detachAppender(appender);
    logger.setLevel(previous);
    server.close();
  }

  @Test
  void aRoundTripWithRetriesAndFailuresLogsOnlyMetadata() {
    server.reply(429, resource("llm/anthropic/error_429.json"), Map.of("retry-after", "1"));
    server.reply(200, resource("llm/anthropic/tool_use.json"));
    server.reply(401, resource("llm/anthropic/error_401.json"));
    LlmProvider provider =
        LlmProviders.create(
            Fixtures.config(ProviderKind.ANTHROPIC, "claude-sonnet-4-5", server.url()),
            LlmProviders.defaultHttpClient(),
            time,
            time);
    String prompt = "my private question about Paris";
    ChatRequest request =
        Fixtures.request(
            "claude-sonnet-4-5",
            List.of(new ChatMessage.System("secret system prompt"), new ChatMessage.User(prompt)),
            List.of(Fixtures.WEATHER));

    provider.chat(request);
    catchThrowableOfType(LlmException.class, () -> provider.chat(request));

    assertThat(appender.list).isNotEmpty();
    for (ILoggingEvent event : appender.list) {
      assertThat(event.getLevel()).isEqualTo(Level.DEBUG);
      assertThat(event.getFormattedMessage())
          .doesNotContain(KEY, prompt, "secret system prompt", "Paris", "forecast for Paris");
    }
  }
}
