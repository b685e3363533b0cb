package io.mcpbot.core.agent;

import static io.mcpbot.core.agent.OpenAiReplies.call;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcpbot.core.config.ApprovalPolicy;
import io.mcpbot.core.config.ServerDefinition;
import io.mcpbot.core.config.ServersConfig;
import io.mcpbot.core.config.StdioServer;
import io.mcpbot.core.store.ToolCallCount;
import io.mcpbot.core.testing.DbTest;
import io.mcpbot.core.testing.TestDb;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A tool that may change things runs only after the user approves it; deny, no answer and a front
 * end that cannot ask reach the model as such and the turn goes on; "always allow" is remembered
 * until the tool's definition changes; the policy's never and always modes.
 */
class ApprovalTurnTest extends TurnTestBase {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String U = "U0APPROVE";
  static final String TOKEN = "tok-Secret-4242-abcdef";

  /** Answers every approval with the next scripted decision and records what it was shown. */
  static final class Decider implements TurnListener {
    final List<ApprovalDecision> answers;
    final List<ToolApproval> asked = new CopyOnWriteArrayList<>();
    final List<String> events = new CopyOnWriteArrayList<>();

    Decider(ApprovalDecision... answers) {
      this.answers = new ArrayList<>(List.of(answers));
    }

    @Override
    public ApprovalDecision approve(ToolApproval request) {
      asked.add(request);
      events.add("approve " + request.tool());
      return answers.remove(0);
    }

    @Override
    public void toolStarted(String server, String tool) {
      events.add("started " + tool);
    }
  }

  Agent agent(TestDb db, ServerDefinition server) {
    rig = new AgentRig(db.store(), dir.resolve("user_data"));
    rig.server(server).enable(U, server.name(), credentialsFor(server));
    return rig.agent(AgentRig.openAi(llm.url()), AgentConfig.defaults("gpt-test"));
  }

  static Map<String, String> credentialsFor(ServerDefinition d) {
    return d.needsCredentials() ? Map.of("token", TOKEN) : Map.of();
  }

  static StdioServer writes(String mode, ApprovalPolicy policy) {
    return writes(mode, policy, (StdioServer) AgentRig.fixture("notes"));
  }

  /** The writes fixture; {@code base} says whether it needs the user's token. */
  static StdioServer writes(String mode, ApprovalPolicy policy, StdioServer base) {
    List<String> args = new ArrayList<>(base.args());
    args.set(args.size() - 1, mode);
    return new StdioServer(
        "notes", base.command(), args, base.env(), base.options().withApproval(policy));
  }

  String turn(Agent agent, TurnListener listener, String callName, String arguments) {
    llm.reply(200, OpenAiReplies.tools(call("c1", callName, arguments)))
        .reply(200, OpenAiReplies.text("done"));
    agent.run(new TurnInput(U, "D1", "T1", "go"), listener);
    return toolResult(llm.requests().size() - 1);
  }

  String toolResult(int request) {
    try {
      JsonNode messages = JSON.readTree(llm.requests().get(request).body()).get("messages");
      return messages.get(messages.size() - 1).get("content").asText();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  List<ToolCallCount> audits() {
    return rig.store.toolCalls().countsSince(Instant.EPOCH);
  }

  @DbTest
  void aDestructiveToolAsksFirstWithMaskedArgumentsAndRunsOnlyOnceApproved(TestDb db) {
    StdioServer withToken = (StdioServer) AgentRig.fixtureWithToken("notes");
    Agent agent = agent(db, writes("writes", ApprovalPolicy.DEFAULT, withToken));
    Decider user = new Decider(ApprovalDecision.APPROVE);
    String slackToken = "xoxb-1234-5678-abcdefghijkl";
    String args =
        "{\"name\":\"n1\",\"note\":\"use "
            + TOKEN
            + " and "
            + slackToken
            + "\",\"long\":\""
            + "x".repeat(500)
            + "\"}";

    String result = turn(agent, user, "notes__delete_note", args);

    assertThat(user.events).containsExactly("approve delete_note", "started delete_note");
    ToolApproval asked = user.asked.get(0);
    assertThat(asked.server()).isEqualTo("notes");
    assertThat(asked.slackUserId()).isEqualTo(U);
    assertThat(asked.destructive()).isTrue();
    assertThat(asked.timeout()).isEqualTo(AgentConfig.DEFAULT_APPROVAL_TIMEOUT);
    assertThat(asked.arguments().get("note").asText()).isEqualTo("use <masked> and <masked>");
    assertThat(asked.arguments().get("long").asText()).endsWith("… (300 more characters)");
    assertThat(asked.arguments().get("name").asText()).isEqualTo("n1");
    assertThat(result).isEqualTo("deleted n1");
  }

  @DbTest
  void denyNoAnswerAndCannotAskReachTheModelAndTheToolDoesNotRun(TestDb db) {
    Agent agent = agent(db, writes("writes", ApprovalPolicy.DEFAULT));

    String denied = turn(agent, new Decider(ApprovalDecision.DENY), "notes__write_note", "{}");
    String silent = turn(agent, new Decider(ApprovalDecision.NO_ANSWER), "notes__write_note", "{}");
    String none = turn(agent, TurnListener.NONE, "notes__append_note", "{}");

    assertThat(denied).contains("was not run: the user denied this call");
    assertThat(silent).contains("the user did not answer the approval request in time");
    assertThat(none).contains("the user could not be asked");
    // audited as failed calls that took no time
    assertThat(audits())
        .extracting(c -> c.toolName() + " " + c.calls() + "/" + c.failures())
        .containsExactlyInAnyOrder("write_note 2/2", "append_note 1/1");
    // the turn went on: the model was asked again after each refusal
    assertThat(llm.requests()).hasSize(6);
  }

  @DbTest
  void alwaysAllowSkipsTheQuestionUntilTheDefinitionChanges(TestDb db) {
    Agent agent = agent(db, writes("writes", ApprovalPolicy.DEFAULT));
    Decider user = new Decider(ApprovalDecision.ALWAYS_ALLOW, ApprovalDecision.APPROVE);

    turn(agent, user, "notes__delete_note", "{\"name\":\"a\"}");
    String second = turn(agent, user, "notes__delete_note", "{\"name\":\"b\"}");
    assertThat(user.asked).hasSize(1);
    assertThat(second).isEqualTo("deleted b");

    // the server is upgraded: delete_note's description changes, so the user is asked again
    rig.close();
    StdioServer v2 = writes("writes_v2", ApprovalPolicy.DEFAULT);
    long id = db.store().servers().findByName("notes").orElseThrow().id();
    db.store().servers().update(id, v2.description(), ServersConfig.toJson(v2), true);
    rig = new AgentRig(db.store(), dir.resolve("user_data2"));
    Agent upgraded = rig.agent(AgentRig.openAi(llm.url()), AgentConfig.defaults("gpt-test"));
    String third = turn(upgraded, user, "notes__delete_note", "{\"name\":\"c\"}");
    assertThat(user.asked).hasSize(2);
    assertThat(third).isEqualTo("deleted c");
  }

  @DbTest
  void readOnlyToolsSafeToolsAndNeverRunWithoutAskingAlwaysAsksForEveryTool(TestDb db) {
    Agent agent =
        agent(
            db,
            writes(
                "writes", new ApprovalPolicy(ApprovalPolicy.Mode.WRITES, List.of("write_note"))));
    Decider nobody = new Decider();
    assertThat(turn(agent, nobody, "notes__echo", "{\"text\":\"hi\"}")).isEqualTo("hi");
    assertThat(turn(agent, nobody, "notes__write_note", "{\"name\":\"w\"}")).isEqualTo("wrote w");
    // safe_tools does not override annotations that say the tool is destructive
    assertThat(turn(agent, TurnListener.NONE, "notes__delete_note", "{}"))
        .contains("could not be asked");
    assertThat(nobody.asked).isEmpty();
  }

  @DbTest
  void neverRunsWithoutAsking(TestDb db) {
    Agent agent = agent(db, writes("writes", new ApprovalPolicy(ApprovalPolicy.Mode.NEVER, null)));
    Decider nobody = new Decider();
    assertThat(turn(agent, nobody, "notes__delete_note", "{\"name\":\"x\"}"))
        .isEqualTo("deleted x");
    assertThat(nobody.asked).isEmpty();
  }

  @DbTest
  void alwaysAsksEvenForReadOnlyTools(TestDb db) {
    Agent agent = agent(db, writes("writes", new ApprovalPolicy(ApprovalPolicy.Mode.ALWAYS, null)));
    Decider user = new Decider(ApprovalDecision.APPROVE);
    assertThat(turn(agent, user, "notes__echo", "{\"text\":\"hi\"}")).isEqualTo("hi");
    assertThat(user.asked).extracting(ToolApproval::tool).containsExactly("echo");
    assertThat(user.asked.get(0).destructive()).isFalse();
  }
}
