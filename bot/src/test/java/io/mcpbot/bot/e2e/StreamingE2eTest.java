package io.mcpbot.bot.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.mcpbot.bot.SlackBot;
import io.mcpbot.bot.TestCore;
import io.mcpbot.bot.emulator.ApiCall;
import io.mcpbot.bot.emulator.Events;
import io.mcpbot.bot.emulator.SlackEmulator;
import io.mcpbot.bot.emulator.SlackUser;
import io.mcpbot.core.agent.Agent;
import io.mcpbot.core.agent.AgentConfig;
import io.mcpbot.core.llm.ApiKey;
import io.mcpbot.core.llm.LlmConfig;
import io.mcpbot.core.llm.LlmProviders;
import io.mcpbot.core.llm.ProviderKind;
import io.mcpbot.core.llm.RetryPolicy;
import io.mcpbot.core.llm.Sse;
import io.mcpbot.core.testing.TestDatabases.Engine;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A model streaming over real HTTP in each provider's format, through the core Agent and the real
 * Bolt client, into Slack's stream on the emulator: each piece the model writes arrives as its own
 * append (the model writes the next only once Slack has the one before), and the message ends as
 * the model's text. A stream that breaks off ends with the note.
 */
class StreamingE2eTest {
  private static final List<String> PIECES = List.of("Streamed ", "**answer** ", "in ", "parts.");
  private static final String USER = "U0STREAM2";

  @ParameterizedTest
  @EnumSource(
      value = ProviderKind.class,
      names = {"OPENAI", "ANTHROPIC"})
  void eachPieceArrivesAsAnAppendAndTheMessageEndsAsTheModelWroteIt(ProviderKind kind)
      throws Exception {
    try (Setup s = new Setup(kind, false)) {
      String ts = s.slack.nextTs();
      String channel = "D" + USER.substring(1);
      s.slack.sendEvent(Events.dm(USER, channel, "stream", ts, null), s.slack.newEventId(), 0);

      ApiCall stop = s.slack.awaitCall("chat.stopStream", c -> true, Rig.WAIT);

      assertThat(s.slack.calls("chat.appendStream"))
          .extracting(c -> c.param("markdown_text"))
          .containsExactlyElementsOf(PIECES);
      assertThat(s.slack.messageText(channel, stop.param("ts"))).isEqualTo(String.join("", PIECES));
      assertThat(s.slack.calls("chat.startStream").get(0).param("thread_ts")).isEqualTo(ts);
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = ProviderKind.class,
      names = {"OPENAI", "ANTHROPIC"})
  void aStreamBrokenHalfwayEndsWithTheNote(ProviderKind kind) throws Exception {
    try (Setup s = new Setup(kind, true)) {
      String channel = "D" + USER.substring(1);
      s.slack.sendEvent(
          Events.dm(USER, channel, "stream", s.slack.nextTs(), null), s.slack.newEventId(), 0);

      ApiCall stop = s.slack.awaitCall("chat.stopStream", c -> true, Rig.WAIT);

      assertThat(s.slack.messageText(channel, stop.param("ts")))
          .startsWith("Streamed **answer** \n\n:warning: _The answer was cut off");
    }
  }

  /** Emulator with streaming, bot, core, and a model that streams {@link #PIECES}. */
  private static final class Setup implements AutoCloseable {
    final SlackEmulator slack = SlackEmulator.start();
    final TestCore core = new TestCore(Engine.H2);
    final HttpServer model;
    final SlackBot bot;
    final ProviderKind kind;
    final boolean breakHalfway;

    Setup(ProviderKind kind, boolean breakHalfway) throws Exception {
      this.kind = kind;
      this.breakHalfway = breakHalfway;
      slack.supportStreaming();
      slack.addUser(new SlackUser(USER, "sam", "Sam", "sam", "sam@example.com"));
      model = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      model.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
      model.createContext("/", this::stream);
      model.start();
      URI base = URI.create("http://127.0.0.1:" + model.getAddress().getPort());
      LlmConfig config =
          new LlmConfig(
              kind,
              "m",
              ApiKey.of("sk-e2e-stream"),
              kind == ProviderKind.ANTHROPIC ? base : URI.create(base + "/v1"),
              Duration.ofSeconds(30),
              RetryPolicy.NONE);
      Agent agent =
          new Agent(
              core.store,
              core.pool,
              LlmProviders.create(config, LlmProviders.defaultHttpClient()),
              AgentConfig.defaults("m"));
      bot = new SlackBot(Rig.config(slack).build(), core.services(agent));
      bot.start();
    }

    private void stream(HttpExchange ex) throws IOException {
      ex.getRequestBody().readAllBytes();
      ex.getResponseHeaders().set("content-type", "text/event-stream");
      ex.sendResponseHeaders(200, 0);
      boolean anthropic = kind == ProviderKind.ANTHROPIC;
      try (OutputStream out = ex.getResponseBody()) {
        write(out, anthropic ? Sse.anthropicStart(10, 0, 0) : "");
        int upTo = breakHalfway ? 2 : PIECES.size();
        for (int i = 0; i < upTo; i++) {
          String piece = PIECES.get(i);
          write(out, anthropic ? Sse.anthropicPiece(piece) : Sse.openAiPiece(piece));
          awaitAppend(piece);
        }
        if (!breakHalfway) {
          write(out, anthropic ? Sse.anthropicEnd("end_turn", 4) : Sse.openAiEnd("stop", 9, 0, 4));
        }
      }
    }

    private void awaitAppend(String piece) {
      try {
        slack.awaitCall("chat.appendStream", c -> piece.equals(c.param("markdown_text")), Rig.WAIT);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    private static void write(OutputStream out, String text) throws IOException {
      out.write(text.getBytes(StandardCharsets.UTF_8));
      out.flush();
    }

    @Override
    public void close() {
      bot.stop();
      model.stop(0);
      slack.close();
      core.close();
    }
  }
}
