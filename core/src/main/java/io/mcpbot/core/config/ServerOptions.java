package io.mcpbot.core.config;

import io.mcpbot.core.Require;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * What every server definition has whatever its transport: description, credentials, timeout
 * overrides (null: the pool default), {@code bot_env} and {@code allowed_users} (null: every user).
 * Immutable and thread-safe; lists are copied, {@code description} is never null.
 *
 * @param description shown in the App Home
 * @param requiredCredentials what each user must supply
 * @param initTimeout initialize timeout override, or null
 * @param callTimeout tool-call timeout override, or null
 * @param listTimeout tools/list timeout override, or null
 * @param botEnv bot environment variables the server may receive through {@code ${VAR}}
 * @param allowedUsers Slack user IDs allowed to use the server, or null for everyone
 * @param approval which tools ask the user before they run
 */
public record ServerOptions(
    String description,
    List<CredentialSpec> requiredCredentials,
    Duration initTimeout,
    Duration callTimeout,
    Duration listTimeout,
    List<String> botEnv,
    List<String> allowedUsers,
    ApprovalPolicy approval) {

  /** No description, no credentials, default timeouts, no bot variables, every user. */
  public static final ServerOptions NONE =
      new ServerOptions("", List.of(), null, null, null, List.of(), null, ApprovalPolicy.DEFAULT);

  public ServerOptions {
    description = description == null ? "" : description;
    requiredCredentials = Require.copyOrEmpty(requiredCredentials);
    botEnv = Require.copyOrEmpty(botEnv);
    allowedUsers = allowedUsers == null ? null : List.copyOf(allowedUsers);
    approval = approval == null ? ApprovalPolicy.DEFAULT : approval;
  }

  /** Whether {@code slackUserId} may use the server. */
  public boolean allows(String slackUserId) {
    return allowedUsers == null || allowedUsers.contains(slackUserId);
  }

  public ServerOptions withDescription(String d) {
    return edit(o -> o.description = d);
  }

  public ServerOptions withCredentials(List<CredentialSpec> c) {
    return edit(o -> o.requiredCredentials = c);
  }

  public ServerOptions withTimeouts(Duration init, Duration call) {
    return edit(
        o -> {
          o.initTimeout = init;
          o.callTimeout = call;
        });
  }

  public ServerOptions withBotEnv(List<String> names) {
    return edit(o -> o.botEnv = names);
  }

  public ServerOptions withAllowedUsers(List<String> users) {
    return edit(o -> o.allowedUsers = users);
  }

  public ServerOptions withApproval(ApprovalPolicy policy) {
    return edit(o -> o.approval = policy);
  }

  /** A copy of these options with what {@code change} sets on a draft of them. */
  private ServerOptions edit(Consumer<Draft> change) {
    Draft draft = new Draft(this);
    change.accept(draft);
    return draft.build();
  }

  /** The components as variables, so that each wither names only what it changes. */
  private static final class Draft {
    String description;
    List<CredentialSpec> requiredCredentials;
    Duration initTimeout;
    Duration callTimeout;
    Duration listTimeout;
    List<String> botEnv;
    List<String> allowedUsers;
    ApprovalPolicy approval;

    Draft(ServerOptions from) {
      description = from.description;
      requiredCredentials = from.requiredCredentials;
      initTimeout = from.initTimeout;
      callTimeout = from.callTimeout;
      listTimeout = from.listTimeout;
      botEnv = from.botEnv;
      allowedUsers = from.allowedUsers;
      approval = from.approval;
    }

    ServerOptions build() {
      return new ServerOptions(
          description,
          requiredCredentials,
          initTimeout,
          callTimeout,
          listTimeout,
          botEnv,
          allowedUsers,
          approval);
    }
  }
}
