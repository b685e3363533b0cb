package io.mcpbot.core.agent;

import static io.mcpbot.core.agent.OpenAiReplies.call;
import static org.assertj.core.api.Assertions.assertThat;

import io.mcpbot.core.llm.ChatMessage;
import io.mcpbot.core.llm.ChatRequest;
import io.mcpbot.core.llm.ChatResponse;
import io.mcpbot.core.llm.FakeLlmServer;
import io.mcpbot.core.llm.LlmProvider;
import io.mcpbot.core.llm.StopReason;
import io.mcpbot.core.llm.TokenUsage;
import io.mcpbot.core.llm.ToolCall;
import io.mcpbot.core.store.Conversation;
import io.mcpbot.core.store.MessageRole;
import io.mcpbot.core.store.StoredMessage;
import io.mcpbot.core.testing.DbTest;
import io.mcpbot.core.testing.TestDb;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** Tool calls of one response run in parallel; two users' turns never share sessions. */
class ConcurrencyTest {
  @TempDir Path dir;
  AgentRig rig;

  @AfterEach
  void close() {
    if (rig != null) {
      rig.close();
    }
  }

  @DbTest
  void severalToolCallsOfOneResponseRunInParallel(TestDb db) throws Exception {
    rig = new AgentRig(db.store(), dir);
    rig.server(AgentRig.fixture("fxa")).server(AgentRig.fixture("fxb"));
    rig.enable("UPAR", "fxa", Map.of()).enable("UPAR", "fxb", Map.of());
    CountDownLatch bothStarted = new CountDownLatch(2);
    AtomicBoolean overlapped = new AtomicBoolean(true);
    Map<String, Long> startedAt = new ConcurrentHashMap<>();
    Map<String, Long> endedAt = new ConcurrentHashMap<>();
    TurnListener listener =
        new TurnListener() {
          @Override
          public void toolStarted(String server, String tool) {
            startedAt.put(server, System.nanoTime());
            bothStarted.countDown();
            try {
              // sequential execution would never let the second call start: the latch proves it
              if (!bothStarted.await(20, TimeUnit.SECONDS)) {
                overlapped.set(false);
              }
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }

          @Override
          public void toolFinished(String server, String tool, boolean ok, Duration took) {
            endedAt.put(server, System.nanoTime());
          }
        };
    try (FakeLlmServer llm = new FakeLlmServer()) {
      llm.reply(
              200,
              OpenAiReplies.tools(
                  call("a", "fxa__slow", "{\"ms\":800}"), call("b", "fxb__slow", "{\"ms\":800}")))
          .reply(200, OpenAiReplies.text("both slept"));
      TurnResult r =
          rig.agent(AgentRig.openAi(llm.url()), AgentConfig.defaults("gpt-test"))
              .run(new TurnInput("UPAR", "D", "", "sleep twice"), listener);
      assertThat(r.toolCalls()).isEqualTo(2);
      assertThat(r.answer()).isEqualTo("both slept");
    }
    assertThat(overlapped).isTrue();
    // each call started before the other ended: the two sleeps overlapped in time
    assertThat(startedAt.get("fxa")).isLessThan(endedAt.get("fxb"));
    assertThat(startedAt.get("fxb")).isLessThan(endedAt.get("fxa"));
  }

  /**
   * A scripted in-process model: first asks for env_dump, then answers with the tool result. Both
   * users' first requests wait for each other, so their turns are interleaved.
   */
  static final class EnvDumpModel implements LlmProvider {
    final CountDownLatch bothAsked = new CountDownLatch(2);
    final AtomicLong ids = new AtomicLong();
    final AtomicBoolean interleaved = new AtomicBoolean(true);

    @Override
    public ChatResponse chat(ChatRequest request) {
      ChatMessage last = request.messages().getLast();
      if (last instanceof ChatMessage.ToolResult r) {
        return new ChatResponse("dump: " + r.content(), List.of(), StopReason.END, TokenUsage.NONE);
      }
      bothAsked.countDown();
      try {
        if (!bothAsked.await(20, TimeUnit.SECONDS)) {
          interleaved.set(false);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      ToolCall call =
          new ToolCall(
              "call" + ids.incrementAndGet(),
              "fxt__env_dump",
              new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode());
      return new ChatResponse(null, List.of(call), StopReason.TOOL_USE, TokenUsage.NONE);
    }

    @Override
    public String name() {
      return "scripted";
    }
  }

  @DbTest
  void twoUsersTurnsInterleavedNeverTouchEachOthersSessions(TestDb db) throws Exception {
    rig = new AgentRig(db.store(), dir);
    rig.server(AgentRig.fixtureWithToken("fxt"));
    rig.enable("UALICE", "fxt", Map.of("token", "alice-token-111"));
    rig.enable("UBOB", "fxt", Map.of("token", "bob-token-222"));
    EnvDumpModel model = new EnvDumpModel();
    Agent agent = rig.agent(model, AgentConfig.defaults("scripted"));

    var threads = Executors.newVirtualThreadPerTaskExecutor();
    Future<TurnResult> alice =
        threads.submit(() -> agent.run(new TurnInput("UALICE", "C1", "T", "env?"), null));
    Future<TurnResult> bob =
        threads.submit(() -> agent.run(new TurnInput("UBOB", "C1", "T", "env?"), null));

    assertThat(alice.get(60, TimeUnit.SECONDS).answer())
        .contains("<masked>") // alice's own token, masked by alice's session only
        .doesNotContain("alice-token-111", "bob-token-222")
        .contains("UALICE");
    assertThat(bob.get(60, TimeUnit.SECONDS).answer())
        .contains("<masked>")
        .doesNotContain("alice-token-111", "bob-token-222")
        .contains("UBOB");
    threads.close();
    assertThat(model.interleaved).isTrue();
    assertThat(rig.pool.stats().perUser()).containsOnlyKeys("UALICE", "UBOB");
    for (String user : List.of("UALICE", "UBOB")) {
      long id = rig.store.users().findBySlackId(user).orElseThrow().id();
      Conversation c = rig.store.conversations().find(id, "C1", "T").orElseThrow();
      List<StoredMessage> msgs = rig.store.conversations().recent(c.id(), 10);
      assertThat(msgs)
          .extracting(StoredMessage::role)
          .containsExactly(
              MessageRole.USER, MessageRole.ASSISTANT, MessageRole.TOOL, MessageRole.ASSISTANT);
      String other = user.equals("UALICE") ? "bob-token-222" : "alice-token-111";
      assertThat(msgs).noneMatch(m -> String.valueOf(m.content()).contains(other));
    }
  }
}
