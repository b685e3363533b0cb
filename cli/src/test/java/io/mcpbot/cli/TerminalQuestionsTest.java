package io.mcpbot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpbot.core.mcp.ElicitationAnswer;
import io.mcpbot.core.mcp.ElicitationRequest;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code mcpbot chat} asks a server's questions in the terminal, checked like the Slack modal. */
class TerminalQuestionsTest {
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private ElicitationAnswer answer(String stdin, ElicitationRequest r) {
    return new TerminalQuestions(
            new TerminalPrompt(
                new BufferedReader(new StringReader(stdin)),
                new PrintStream(err, true, StandardCharsets.UTF_8)))
        .elicit(r);
  }

  private static ElicitationRequest form() {
    Map<String, Object> schema =
        Map.of(
            "type",
            "object",
            "properties",
            new java.util.LinkedHashMap<>(
                Map.of(
                    "name", Map.of("type", "string", "minLength", 2, "default", "Ada"),
                    "guests", Map.of("type", "integer", "minimum", 1, "maximum", 9),
                    "vegan", Map.of("type", "boolean"),
                    "seat", Map.of("type", "string", "enum", List.of("aisle", "window")),
                    "extras",
                        Map.of(
                            "type",
                            "array",
                            "items",
                            Map.of("type", "string", "enum", List.of("wifi", "bag", "lounge"))))),
            "required",
            List.of("guests"));
    return new ElicitationRequest(
        "trips", ElicitationRequest.Mode.FORM, "Tell me about the trip", schema, null, null);
  }

  @Test
  void aFormIsAskedFieldByFieldRetriedWhenInvalidAndAccepted() {
    // fields come in the schema's map order; answer every prompt the same way by name
    ElicitationRequest r = form();
    List<String> order =
        io.mcpbot.bot.ElicitationSchema.parse(r.requestedSchema()).fields().stream()
            .map(f -> f.name())
            .toList();
    Map<String, String> first =
        Map.of("name", "", "guests", "12", "vegan", "y", "seat", "2", "extras", "1,3");
    Map<String, String> second =
        Map.of("name", "", "guests", "3", "vegan", "y", "seat", "2", "extras", "1,3");
    StringBuilder stdin = new StringBuilder("\n");
    order.forEach(n -> stdin.append(first.get(n)).append('\n'));
    stdin.append('\n');
    order.forEach(n -> stdin.append(second.get(n)).append('\n'));

    ElicitationAnswer a = answer(stdin.toString(), r);

    assertThat(a).isInstanceOf(ElicitationAnswer.Accept.class);
    assertThat(((ElicitationAnswer.Accept) a).content())
        .containsEntry("name", "Ada")
        .containsEntry("guests", 3L)
        .containsEntry("vegan", true)
        .containsEntry("seat", "window")
        .containsEntry("extras", List.of("wifi", "lounge"));
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("trips asks: Tell me about the trip")
        .contains("guests: At most 9.");
  }

  @Test
  void declineCancelAndUrlMode() {
    assertThat(answer("d\n", form())).isInstanceOf(ElicitationAnswer.Decline.class);
    assertThat(answer("c\n", form())).isInstanceOf(ElicitationAnswer.Cancel.class);
    assertThat(answer("", form())).isInstanceOf(ElicitationAnswer.Cancel.class);
    ElicitationRequest url =
        new ElicitationRequest(
            "signer",
            ElicitationRequest.Mode.URL,
            "Sign it",
            Map.of(),
            "https://sign.example.test/x",
            "e1");
    assertThat(answer("\n", url)).isInstanceOf(ElicitationAnswer.Accept.class);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("https://sign.example.test/x");
  }
}
