package io.mcpbot.core.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpbot.core.mcp.AuthorizationRequiredException;
import io.mcpbot.core.mcp.AuthorizationRequiredException.Reason;
import io.mcpbot.core.mcp.ServerProblem;
import io.mcpbot.core.mcp.ToolCatalog;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A server that cannot open because the user must connect it reaches the turn's listener (the front
 * end's Connect prompt); other problems and other servers do not.
 */
class AuthorizationNeededTest {
  @Test
  void onlyTheServersThatNeedConnectingAreAnnounced() {
    String github = new AuthorizationRequiredException("github", Reason.NOT_CONNECTED).getMessage();
    String linear = new AuthorizationRequiredException("linear", Reason.RECONNECT).getMessage();
    ToolCatalog catalog =
        new ToolCatalog(
            List.of(),
            List.of(
                new ServerProblem("github", github, Reason.NOT_CONNECTED),
                new ServerProblem("files", "server 'files' failed: exit 1"),
                new ServerProblem("linear", linear, Reason.RECONNECT),
                // a problem that only reads like an authorization one is not announced: the
                // problem's typed reason decides, not its text
                new ServerProblem("notion", github)));
    List<String> heard = new ArrayList<>();
    TurnListener listener =
        new TurnListener() {
          @Override
          public void authorizationNeeded(String server, String message) {
            heard.add(server + ": " + message);
          }
        };

    ToolRunner.announceAuthorization(listener, catalog);

    assertThat(heard).containsExactly("github: " + github, "linear: " + linear);
  }

  @Test
  void aFailingListenerDoesNotBreakTheTurn() {
    String text =
        new AuthorizationRequiredException("github", Reason.INSUFFICIENT_SCOPE).getMessage();
    TurnListener broken =
        new TurnListener() {
          @Override
          public void authorizationNeeded(String server, String message) {
            throw new IllegalStateException("boom");
          }
        };
    ToolRunner.announceAuthorization(
        broken,
        new ToolCatalog(
            List.of(), List.of(new ServerProblem("github", text, Reason.INSUFFICIENT_SCOPE))));
    assertThat(ToolRunner.authorizationMessage("github", text)).isTrue();
    assertThat(ToolRunner.authorizationMessage("github", "server 'github' failed")).isFalse();
  }
}
