package io.mcpbot.core.config;

import static io.mcpbot.core.config.ServersConfigTest.SRC;
import static io.mcpbot.core.config.ServersConfigTest.one;
import static io.mcpbot.core.config.ServersConfigTest.problems;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ApprovalKeysTest {

  static ServersConfig parse(String body) {
    return ServersConfig.parse(one("s", body), SRC);
  }

  @Test
  void writesIsTheDefaultAndTheKeysParse() {
    assertThat(parse("{\"command\": \"x\"}").servers().get("s").options().approval())
        .isEqualTo(ApprovalPolicy.DEFAULT);
    ApprovalPolicy p =
        parse("{\"command\": \"x\", \"approval\": \"writes\", \"safe_tools\": [\"query\", \"ls\"]}")
            .servers()
            .get("s")
            .options()
            .approval();
    assertThat(p).isEqualTo(new ApprovalPolicy(ApprovalPolicy.Mode.WRITES, List.of("query", "ls")));
    assertThat(parse("{\"url\": \"https://h/mcp\", \"approval\": \"always\"}").servers().get("s"))
        .extracting(d -> d.options().approval().mode())
        .isEqualTo(ApprovalPolicy.Mode.ALWAYS);
  }

  @Test
  void badValuesAreExactErrors() {
    assertThat(problems(one("s", "{\"command\": \"x\", \"approval\": \"sometimes\"}")))
        .containsExactly(
            "servers_config.json: server 's': \"approval\" must be \"never\", \"writes\" or"
                + " \"always\"");
    assertThat(problems(one("s", "{\"command\": \"x\", \"approval\": true}")))
        .singleElement()
        .asString()
        .endsWith("\"approval\" must be \"never\", \"writes\" or \"always\"");
    assertThat(problems(one("s", "{\"command\": \"x\", \"safe_tools\": \"query\"}")))
        .containsExactly(
            "servers_config.json: server 's': \"safe_tools\" must be an array of tool names");
    assertThat(problems(one("s", "{\"command\": \"x\", \"safe_tools\": [\"q\", 3, \"\"]}")))
        .containsExactly(
            "servers_config.json: server 's': safe_tools[1] must be a tool name (a non-empty"
                + " string)",
            "servers_config.json: server 's': safe_tools[2] must be a tool name (a non-empty"
                + " string)");
  }

  @Test
  void safeToolsOutsideWritesAreAWarning() {
    assertThat(
            parse("{\"command\": \"x\", \"approval\": \"never\", \"safe_tools\": [\"q\"]}")
                .warnings())
        .containsExactly(
            "servers_config.json: server 's': \"safe_tools\" only matters with \"approval\":"
                + " \"writes\" and is ignored here");
  }

  @Test
  void thePolicyRoundTripsThroughTheStoredJsonAndTheDefaultIsOmitted() {
    ServerDefinition d = parse("{\"command\": \"x\", \"approval\": \"never\"}").servers().get("s");
    String json = ServersConfig.toJson(d);
    assertThat(json).isEqualTo("{\"command\":\"x\",\"approval\":\"never\"}");
    assertThat(ServersConfig.fromJson("s", json).options().approval())
        .isEqualTo(d.options().approval());
    ServerDefinition safe =
        parse("{\"command\": \"x\", \"safe_tools\": [\"q\"]}").servers().get("s");
    assertThat(ServersConfig.toJson(safe)).isEqualTo("{\"command\":\"x\",\"safe_tools\":[\"q\"]}");
    assertThat(ServersConfig.fromJson("s", ServersConfig.toJson(safe)).options().approval())
        .isEqualTo(safe.options().approval());
    assertThat(ServersConfig.toJson(parse("{\"command\": \"x\"}").servers().get("s")))
        .isEqualTo("{\"command\":\"x\"}");
  }

  @Test
  void writesAsksForToolsThatMayChangeThingsAndUnannotatedOnesNotListedSafe() {
    ApprovalPolicy writes = new ApprovalPolicy(ApprovalPolicy.Mode.WRITES, List.of("q"));
    assertThat(writes.asks("t", true, true)).isFalse();
    assertThat(writes.asks("t", true, false)).isTrue();
    assertThat(writes.asks("t", true, null)).isTrue(); // readOnlyHint defaults to false
    assertThat(writes.asks("t", false, null)).isTrue();
    assertThat(writes.asks("q", false, null)).isFalse();
    assertThat(writes.asks("q", true, false)).isTrue(); // annotations win over safe_tools
    assertThat(new ApprovalPolicy(ApprovalPolicy.Mode.NEVER, null).asks("t", true, false))
        .isFalse();
    assertThat(new ApprovalPolicy(ApprovalPolicy.Mode.ALWAYS, null).asks("t", true, true)).isTrue();
  }
}
