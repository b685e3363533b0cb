package io.mcpbot.core.agent;

import static io.mcpbot.core.agent.OpenAiReplies.call;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import io.mcpbot.core.llm.FakeLlmServer;
import io.mcpbot.core.store.UserProfile;
import io.mcpbot.core.testing.DbTest;
import io.mcpbot.core.testing.TestDb;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A full turn at the production level (INFO for every logger) writes no prompt text, tool argument,
 * tool result, API key or user credential to the log, also when a tool fails and the provider
 * retries. mcpbot's own loggers are captured at DEBUG too: they must be clean at every level.
 */
class TurnLoggingTest {
  static final String U = "U0LOGS001";
  static final String PROMPT = "prompt-PRIVATE-question";
  static final String ARGUMENT = "argument-PRIVATE-value";
  static final String CREDENTIAL = "ghp-CREDENTIAL-0123456789";
  static final String SYSTEM_NAME = "Zelda Private-Name";

  @TempDir Path dir;
  AgentRig rig;
  final FakeLlmServer llm = new FakeLlmServer();
  final ListAppender<ILoggingEvent> appender = new ListAppender<>();
  final Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
  final Logger ours = (Logger) LoggerFactory.getLogger("io.mcpbot");
  final Map<Logger, Level> previous = new HashMap<>();

  @BeforeEach
  void capture() {
    for (Logger l : List.of(root, ours)) {
      previous.put(l, l.getLevel());
    }
    root.setLevel(Level.INFO);
    ours.setLevel(Level.DEBUG);
    appender.start();
    root.addAppender(appender);
  }

  @AfterEach
  void release() {
    root.detachAppender(appender);
    previous.forEach(Logger::setLevel);
    llm.close();
    if (rig != null) {
      rig.close();
    }
  }

  @DbTest
  void aFullTurnLogsNoPromptArgumentResultKeyOrCredential(TestDb db) throws Exception {
    rig = new AgentRig(db.store(), dir.resolve("user_data"));
    rig.users.ensureUser(U, new UserProfile("zelda", SYSTEM_NAME, null));
    rig.server(AgentRig.fixtureWithToken("gh"))
        .enable(U, "gh", Map.of("token", CREDENTIAL))
        .server(AgentRig.fixture("fx"))
        .enable(U, "fx", Map.of());
    llm.reply(
            200,
            OpenAiReplies.tools(
                call("c1", "gh__echo", "{\"text\":\"" + ARGUMENT + "\"}"),
                call("c2", "gh__env_dump", "{}"),
                call("c3", "fx__error_result", "{\"text\":\"" + ARGUMENT + "\"}"),
                call("c4", "nope__missing", "{\"text\":\"" + ARGUMENT + "\"}"),
                call("c5", "fx__echo", "{not json " + ARGUMENT)))
        .reply(200, OpenAiReplies.text("answer-PRIVATE-text"));
    Agent agent = rig.agent(AgentRig.openAi(llm.url()), AgentConfig.defaults("gpt-test"));

    TurnResult result = agent.run(new TurnInput(U, "D1", "T1", PROMPT), new Recorder());

    assertThat(result.answer()).isEqualTo("answer-PRIVATE-text");
    assertThat(result.toolCalls()).isEqualTo(5);
    // the credential really reached the tool (env_dump shows it masked, exactly its value), so
    // its absence from the log means something
    assertThat(llm.requests().get(1).body())
        .contains(ARGUMENT, "FIXTURE_TOKEN\\\":\\\"<masked>")
        .doesNotContain(CREDENTIAL);
    // ... while the bot's own LLM key (in the bot's environment) never reached the child's env
    assertThat(llm.requests().get(1).body()).contains("FIXTURE_TOKEN").doesNotContain("sk-bot");
    assertThat(appender.list).isNotEmpty();
    for (ILoggingEvent event : appender.list) {
      String text =
          event.getFormattedMessage()
              + (event.getThrowableProxy() == null
                  ? ""
                  : ThrowableProxyUtil.asString(event.getThrowableProxy()));
      assertThat(text)
          .as("log line from %s", event.getLoggerName())
          .doesNotContain(
              PROMPT,
              ARGUMENT,
              CREDENTIAL,
              "sk-test-key",
              "sk-bot-SECRET",
              SYSTEM_NAME,
              "answer-PRIVATE-text");
      if (!event.getLoggerName().startsWith("io.mcpbot")) {
        assertThat(event.getLevel().isGreaterOrEqual(Level.INFO)).isTrue();
      }
    }
  }
}
