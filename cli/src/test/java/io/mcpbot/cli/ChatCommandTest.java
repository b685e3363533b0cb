package io.mcpbot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcpbot.core.config.Settings;
import io.mcpbot.core.crypto.KeyRing;
import io.mcpbot.core.llm.FakeLlmServer;
import io.mcpbot.core.mcp.fixture.FixtureServer;
import io.mcpbot.core.store.Database;
import io.mcpbot.core.store.DatabaseUrl;
import io.mcpbot.core.store.Store;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** `mcpbot chat` in-process: piped stdin, H2, a real fixture MCP server, a scripted OpenAI. */
class ChatCommandTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String JAVA = ProcessHandle.current().info().command().orElseThrow();

  @TempDir Path dir;
  final FakeLlmServer llm = new FakeLlmServer();
  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @AfterEach
  void close() {
    llm.close();
  }

  Map<String, String> env() throws Exception {
    List<String> args =
        List.of(
            "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC",
            "-cp",
            System.getProperty("java.class.path"),
            FixtureServer.class.getName(),
            "--mode",
            "normal");
    ObjectNode root = JSON.createObjectNode();
    ObjectNode servers = root.putObject("mcpServers");
    ObjectNode fx = servers.putObject("fx").put("command", JAVA).put("description", "Fixture");
    fx.set("args", JSON.valueToTree(args));
    ObjectNode tok =
        servers.putObject("tok").put("command", JAVA).put("description", "Needs a token");
    tok.set("args", JSON.valueToTree(args));
    tok.putObject("env").put("FIXTURE_TOKEN", "${FIXTURE_TOKEN}");
    ArrayNode creds = tok.putArray("required_credentials");
    creds
        .addObject()
        .put("type", "api_key")
        .put("name", "tok_token")
        .put("description", "Token")
        .put("env_var", "FIXTURE_TOKEN");
    Path config = dir.resolve("servers_config.json");
    Files.writeString(config, root.toString());
    Map<String, String> env = new HashMap<>();
    env.put("PATH", System.getenv("PATH"));
    env.put("HOME", System.getProperty("user.home"));
    env.put("DATABASE_URL", "jdbc:h2:file:" + dir.resolve("db/mcpbot"));
    env.put("ENCRYPTION_KEY", KeyRing.generateKey());
    env.put("MCP_SERVERS_CONFIG", config.toString());
    env.put("USER_DATA_DIR", dir.resolve("user_data").toString());
    env.put("OPENAI_API_KEY", "sk-chat-test-key");
    env.put("OPENAI_BASE_URL", llm.url() + "/v1");
    env.put("LLM_MODEL", "gpt-test");
    return env;
  }

  int chat(Map<String, String> env, String stdin, String... args) {
    ChatCommand command =
        new ChatCommand(
            () -> Settings.load(env, null),
            new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            () -> null);
    return new CommandLine(command).execute(args);
  }

  static String toolReply(String id, String name, String args) {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode message = root.putArray("choices").addObject().putObject("message");
    message.put("role", "assistant").putNull("content");
    ObjectNode call =
        message.putArray("tool_calls").addObject().put("id", id).put("type", "function");
    call.putObject("function").put("name", name).put("arguments", args);
    ((ObjectNode) root.get("choices").get(0)).put("finish_reason", "tool_calls");
    return root.toString();
  }

  static String textReply(String text) {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode choice = root.putArray("choices").addObject();
    choice.putObject("message").put("role", "assistant").put("content", text);
    choice.put("finish_reason", "stop");
    return root.toString();
  }

  @Test
  void aTerminalConversationRunsTheTurnAndManagesServers() throws Exception {
    Map<String, String> env = env();
    llm.reply(200, toolReply("c1", "fx__echo", "{\"text\":\"hi there\"}"))
        .reply(200, textReply("The fixture echoed: hi there"));
    String stdin =
        String.join(
            "\n",
            "/servers",
            "/enable fx",
            "/enable tok",
            "please echo hi there",
            "/credentials tok",
            "tok-value-SECRET-123",
            "/servers",
            "/disable tok",
            "/exit",
            "never read");

    int code = chat(env, stdin, "--user", "U0CHAT01", "--thread", "T1");

    String stdout = out.toString(StandardCharsets.UTF_8);
    String stderr = err.toString(StandardCharsets.UTF_8);
    assertThat(code).as(stderr).isZero();
    assertThat(stdout)
        .contains("fx enabled.")
        .contains("tok needs credentials first: tok_token")
        .contains("The fixture echoed: hi there")
        .contains("Saved; tok is enabled.")
        .contains("tok disabled.");
    assertThat(stdout.lines().filter(l -> l.startsWith("fx   ")).toList())
        .containsExactly(
            "fx               disabled  not started                  Fixture",
            "fx               enabled   running (7 tools)            Fixture");
    assertThat(stderr)
        .contains("Chatting as U0CHAT01")
        .contains("… thinking")
        .contains("… calling fx.echo")
        .contains("✓ fx.echo done in ");
    assertThat(stdout + stderr).doesNotContain("tok-value-SECRET-123").doesNotContain("sk-chat");
    JsonNode second = JSON.readTree(llm.requests().get(1).body()).get("messages");
    assertThat(second.get(second.size() - 1).get("role").asText()).isEqualTo("tool");
    assertThat(second.get(second.size() - 1).get("content").asText()).isEqualTo("hi there");
    assertThat(llm.requests()).hasSize(2);

    // a second session continues the same thread from the database
    out.reset();
    llm.reply(200, textReply("I remember."));
    assertThat(chat(env, "what did you echo?\n", "--user", "U0CHAT01", "--thread", "T1")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("I remember.");
    JsonNode third = JSON.readTree(llm.requests().get(2).body()).get("messages");
    assertThat(third.toString()).contains("please echo hi there").contains("The fixture echoed");
  }

  @Test
  void aUserWhoseServersRunInABotReplicaIsNotChattedWithUntilThatReplicaLetsGo() throws Exception {
    Map<String, String> env = env();
    try (Database db = Database.open(DatabaseUrl.parse(env.get("DATABASE_URL")))) {
      db.migrate();
      Instant now = Instant.now();
      assertThat(
              Store.of(db)
                  .leases()
                  .tryAcquire("U0CHAT02", "bot-replica", now, now.plus(Duration.ofHours(1))))
          .isTrue();
    }
    assertThat(chat(env, "hello\n", "--user", "U0CHAT02")).isEqualTo(Main.FAILURE);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("U0CHAT02's MCP servers are running in a bot replica right now");
    assertThat(llm.requests()).isEmpty();

    // the replica stopped cleanly (released its users): chat runs the turn
    try (Database db = Database.open(DatabaseUrl.parse(env.get("DATABASE_URL")))) {
      assertThat(Store.of(db).leases().releaseAll("bot-replica")).isEqualTo(1);
    }
    llm.reply(200, textReply("Hello from chat."));
    assertThat(chat(env, "hello\n", "--user", "U0CHAT02")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("Hello from chat.");
  }

  @Test
  void aUserThatIsNotASlackIdIsAUsageErrorAndNothingIsStored() throws Exception {
    Map<String, String> env = env();
    assertThat(chat(env, "hello\n", "--user", "alice")).isEqualTo(Main.USAGE);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("--user 'alice' is not a Slack user ID")
        .contains("U0123ABC");
    assertThat(llm.requests()).isEmpty();
    assertThat(dir.resolve("db")).doesNotExist();
  }

  @Test
  void missingSettingsAreReportedWithoutAStackTrace() throws Exception {
    Map<String, String> env = env();
    env.remove("ENCRYPTION_KEY");
    assertThat(chat(env, "", "--user", "U0CHAT01")).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("ENCRYPTION_KEY")
        .doesNotContain("Exception");
  }

  // the fx server, in the fixture's writes mode (delete_note is destructive)
  Map<String, String> writesEnv() throws Exception {
    Map<String, String> env = env();
    Path config = Path.of(env.get("MCP_SERVERS_CONFIG"));
    ObjectNode root = (ObjectNode) JSON.readTree(Files.readString(config));
    ArrayNode args = (ArrayNode) root.path("mcpServers").path("fx").path("args");
    args.remove(args.size() - 1);
    args.add("writes");
    Files.writeString(config, root.toString());
    return env;
  }

  String lastToolResult(int request) throws Exception {
    JsonNode messages = JSON.readTree(llm.requests().get(request).body()).get("messages");
    return messages.get(messages.size() - 1).get("content").asText();
  }

  @Test
  void yesRunsTheToolNoDeniesItAndAlwaysStopsAsking() throws Exception {
    Map<String, String> env = writesEnv();
    for (String name : new String[] {"a", "b", "c", "d"}) {
      llm.reply(200, toolReply("c" + name, "fx__delete_note", "{\"name\":\"" + name + "\"}"))
          .reply(200, textReply("ok " + name));
    }
    String stdin =
        String.join(
            "\n",
            "/enable fx",
            "delete a",
            "maybe",
            "y",
            "delete b",
            "n",
            "delete c",
            "a",
            "delete d",
            "/exit");

    int code = chat(env, stdin, "--user", "U0CHAT01", "--thread", "T1");

    String stderr = err.toString(StandardCharsets.UTF_8);
    assertThat(code).as(stderr).isZero();
    assertThat(lastToolResult(1)).isEqualTo("deleted a");
    assertThat(lastToolResult(3)).contains("was not run: the user denied this call");
    assertThat(lastToolResult(5)).isEqualTo("deleted c");
    assertThat(lastToolResult(7)).isEqualTo("deleted d");
    assertThat(stderr)
        .contains("Approval needed: fx.delete_note may change or delete things.")
        .contains("\"name\" : \"a\"")
        .contains("Please answer y, a or n.");
    // asked for a, b and c; d was always allowed
    assertThat(stderr.split("Approval needed:", -1)).hasSize(4);
  }
}
