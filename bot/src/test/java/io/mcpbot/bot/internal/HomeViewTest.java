package io.mcpbot.bot.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.slack.api.model.block.ActionsBlock;
import com.slack.api.model.block.ContextBlock;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.SectionBlock;
import com.slack.api.model.block.composition.MarkdownTextObject;
import com.slack.api.model.block.element.ButtonElement;
import com.slack.api.model.block.element.OverflowMenuElement;
import com.slack.api.model.view.View;
import io.mcpbot.core.config.CredentialSpec;
import io.mcpbot.core.config.ServerDefinition;
import io.mcpbot.core.config.ServerOptions;
import io.mcpbot.core.config.StdioServer;
import io.mcpbot.core.mcp.ServerStatus;
import io.mcpbot.core.users.ServerOverview;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HomeViewTest {
  private static final CredentialSpec TOKEN =
      new CredentialSpec("api_key", "token", "A token", "TOKEN", true, null);

  // Four kinds in turn: disabled, needs credentials, failing (with credentials stored), enabled.
  private static HomePage servers(int n) {
    List<HomePage.Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int kind = i % 4;
      boolean creds = kind == 1 || kind == 2;
      ServerDefinition d =
          new StdioServer(
              "server" + i,
              "cmd",
              List.of(),
              Map.of(),
              ServerOptions.NONE
                  .withDescription("Description " + i)
                  .withCredentials(creds ? List.of(TOKEN) : List.of()));
      ServerOverview o =
          new ServerOverview(
              d,
              kind >= 2,
              kind == 2 ? Set.of(TOKEN.name()) : Set.of(),
              new ServerStatus.NotStarted());
      rows.add(new HomePage.Row(o, kind == 2 ? "spawn failed: exit 1" : null));
    }
    return new HomePage(List.of("server3.tool"), rows, false);
  }

  private static String text(LayoutBlock b) {
    return b instanceof SectionBlock s ? ((MarkdownTextObject) s.getText()).getText() : "";
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 10, 47, 48, 95, 96, 97, 300})
  void staysWithinOneHundredBlocksWithUniqueBlockIds(int n) {
    View view = HomeView.render(servers(n));

    assertThat(view.getBlocks()).hasSizeLessThanOrEqualTo(100);
    Set<String> ids = new HashSet<>();
    for (LayoutBlock b : view.getBlocks()) {
      if (b.getBlockId() != null) {
        assertThat(ids.add(b.getBlockId())).as("duplicate block_id %s", b.getBlockId()).isTrue();
      }
      assertThat(text(b).length()).isLessThanOrEqualTo(3000);
    }
  }

  @Test
  void fewServersGetSectionsWithButtons() {
    View view = HomeView.render(servers(4));
    List<String> all = view.getBlocks().stream().map(HomeViewTest::text).toList();

    assertThat(String.join("\n", all))
        .contains("*server0*", "Disabled", "Needs credentials", "Failing", "spawn failed: exit 1")
        .contains("`server3.tool`");
    List<List<String>> buttons =
        view.getBlocks().stream()
            .filter(ActionsBlock.class::isInstance)
            .map(
                b ->
                    ((ActionsBlock) b)
                        .getElements().stream()
                            .map(e -> ((ButtonElement) e).getActionId())
                            .toList())
            .toList();
    assertThat(buttons)
        .containsExactly(
            List.of(HomeActions.ENABLE),
            List.of(HomeActions.ENABLE_WITH_CREDENTIALS),
            List.of(HomeActions.DISABLE, HomeActions.UPDATE, HomeActions.REMOVE),
            List.of(HomeActions.DISABLE));
  }

  @Test
  void manyServersGetOneBlockEachWithAnOverflowMenu() {
    View view = HomeView.render(servers(60));
    long sections = view.getBlocks().stream().filter(b -> text(b).contains("*server")).count();

    assertThat(sections).isEqualTo(60);
    assertThat(view.getBlocks()).noneMatch(ActionsBlock.class::isInstance);
    SectionBlock failing =
        (SectionBlock)
            view.getBlocks().stream()
                .filter(b -> text(b).contains("*server2*"))
                .findFirst()
                .orElseThrow();
    OverflowMenuElement menu = (OverflowMenuElement) failing.getAccessory();
    assertThat(menu.getOptions())
        .extracting(o -> o.getValue())
        .containsExactly(
            HomeActions.DISABLE + ":server2",
            HomeActions.UPDATE + ":server2",
            HomeActions.REMOVE + ":server2");
  }

  @Test
  void tooManyServersShowTheEnabledOnesFirstAndSayHowManyAreHidden() {
    View view = HomeView.render(servers(300));
    List<LayoutBlock> blocks = view.getBlocks();
    ContextBlock note = (ContextBlock) blocks.get(blocks.size() - 1);
    List<String> shown =
        blocks.stream().map(HomeViewTest::text).filter(t -> t.startsWith("*server")).toList();

    assertThat(blocks).hasSize(100);
    assertThat(((MarkdownTextObject) note.getElements().get(0)).getText())
        .contains((300 - shown.size()) + " more servers");
    // 150 of the 300 are enabled or failing: the room there is goes to them.
    assertThat(shown)
        .isNotEmpty()
        .allSatisfy(t -> assertThat(t).containsAnyOf("Enabled", "Failing"));
  }
}
