package io.mcpbot.bot.internal;

import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.SlackApiTextResponse;
import com.slack.api.methods.response.auth.AuthTestResponse;
import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import com.slack.api.methods.response.users.UsersInfoResponse;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.view.View;
import io.mcpbot.core.McpbotException;
import io.mcpbot.core.store.UserProfile;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * The Web API calls the bot makes, each retried after Slack's Retry-After on HTTP 429. Bolt's
 * synchronous MethodsClient does not retry: it throws SlackApiException with status 429.
 * Thread-safe.
 */
public final class SlackApi {

  /** A call that may throw what MethodsClient throws. */
  @FunctionalInterface
  interface Call<T> {
    T run(MethodsClient client) throws IOException, SlackApiException;
  }

  /** Slack answered ok=false; {@link #error()} is its error code (e.g. missing_scope). */
  static final class Refused extends McpbotException {
    private final String error;

    Refused(String message, String error) {
      super(message);
      this.error = error;
    }

    String error() {
      return error;
    }
  }

  private static final int MAX_ATTEMPTS = 5;
  private static final Duration MAX_WAIT = Duration.ofSeconds(60);

  private final MethodsClient client;
  private volatile boolean streamingUnsupported;

  public SlackApi(MethodsClient botClient) {
    this.client = botClient;
  }

  /** apps.connections.open (needs a client made with the app-level token): the socket URL. */
  public String openSocketUrl() {
    return call("apps.connections.open", c -> c.appsConnectionsOpen(r -> r)).getUrl();
  }

  public AuthTestResponse authTest() {
    return call("auth.test", c -> c.authTest(r -> r));
  }

  /** Posts a message (in a thread when threadTs is not null) and returns its ts. */
  public String postMessage(
      String channel, String threadTs, String text, List<LayoutBlock> blocks) {
    ChatPostMessageResponse response =
        call(
            "chat.postMessage",
            c ->
                c.chatPostMessage(
                    // Never unfurl: a link in a tool result must not make Slack fetch it.
                    r ->
                        r.channel(channel)
                            .threadTs(threadTs)
                            .text(text)
                            .blocks(blocks)
                            .unfurlLinks(false)
                            .unfurlMedia(false)));
    return response.getTs();
  }

  /** chat.postEphemeral: a message only {@code user} sees, in a thread when threadTs is set. */
  public void postEphemeral(String channel, String user, String threadTs, String text) {
    postEphemeral(channel, user, threadTs, text, null);
  }

  /** chat.postEphemeral with blocks (null: text only). */
  public void postEphemeral(
      String channel, String user, String threadTs, String text, List<LayoutBlock> blocks) {
    call(
        "chat.postEphemeral",
        c ->
            c.chatPostEphemeral(
                r -> r.channel(channel).user(user).threadTs(threadTs).text(text).blocks(blocks)));
  }

  /**
   * chat.update has no unfurl parameters (Slack's API and the SDK): the message keeps what its
   * chat.postMessage asked for, unfurling off.
   */
  public void updateMessage(String channel, String ts, String text, List<LayoutBlock> blocks) {
    call(
        "chat.update", c -> c.chatUpdate(r -> r.channel(channel).ts(ts).text(text).blocks(blocks)));
  }

  /**
   * chat.startStream: a new message in the thread that the answer streams into, shown to {@code
   * user} of {@code team} as being written; returns its ts.
   *
   * @throws Refused when Slack refuses (e.g. an app or workspace without streaming)
   */
  String startStream(String channel, String threadTs, String user, String team) {
    return call(
            "chat.startStream",
            c ->
                c.chatStartStream(
                    r ->
                        r.channel(channel)
                            .threadTs(threadTs)
                            .recipientUserId(user)
                            .recipientTeamId(team)))
        .getTs();
  }

  /** True once Slack said this app cannot stream: answers then use chat.update. */
  boolean streamingUnsupported() {
    return streamingUnsupported;
  }

  void markStreamingUnsupported() {
    streamingUnsupported = true;
  }

  /** chat.appendStream: more markdown at the end of a streaming message. */
  void appendStream(String channel, String ts, String markdown) {
    call(
        "chat.appendStream",
        c -> c.chatAppendStream(r -> r.channel(channel).ts(ts).markdownText(markdown)));
  }

  /** chat.stopStream: ends a streaming message, with a last piece of markdown when not null. */
  void stopStream(String channel, String ts, String markdown) {
    call(
        "chat.stopStream",
        c -> c.chatStopStream(r -> r.channel(channel).ts(ts).markdownText(markdown)));
  }

  /** assistant.threads.setStatus: the "is working" line of an assistant thread ("" clears it). */
  void setAssistantStatus(String channel, String threadTs, String status) {
    call(
        "assistant.threads.setStatus",
        c ->
            c.assistantThreadsSetStatus(
                r -> r.channelId(channel).threadTs(threadTs).status(status)));
  }

  /** assistant.threads.setSuggestedPrompts: up to four prompts offered in an assistant thread. */
  void setSuggestedPrompts(
      String channel,
      String threadTs,
      List<com.slack.api.model.assistant.SuggestedPrompt> prompts) {
    call(
        "assistant.threads.setSuggestedPrompts",
        c ->
            c.assistantThreadsSetSuggestedPrompts(
                r -> r.channelId(channel).threadTs(threadTs).prompts(prompts)));
  }

  /** assistant.threads.setTitle: the title of an assistant thread in the History tab. */
  void setAssistantTitle(String channel, String threadTs, String title) {
    call(
        "assistant.threads.setTitle",
        c -> c.assistantThreadsSetTitle(r -> r.channelId(channel).threadTs(threadTs).title(title)));
  }

  /** chat.delete of one of the bot's own messages. */
  void deleteMessage(String channel, String ts) {
    call("chat.delete", c -> c.chatDelete(r -> r.channel(channel).ts(ts)));
  }

  public void publishHome(String user, View view) {
    call("views.publish", c -> c.viewsPublish(r -> r.userId(user).view(view)));
  }

  public void openView(String triggerId, View view) {
    call("views.open", c -> c.viewsOpen(r -> r.triggerId(triggerId).view(view)));
  }

  /** users.info: the profile and the facts access is decided on. */
  SlackUserInfo userInfo(String user) {
    UsersInfoResponse response = call("users.info", c -> c.usersInfo(r -> r.user(user)));
    var u = response.getUser();
    var p = u.getProfile();
    String email = p == null ? null : p.getEmail();
    String display = p == null ? null : p.getDisplayName();
    String real = p != null && p.getRealName() != null ? p.getRealName() : u.getRealName();
    String enterprise =
        u.getEnterpriseUser() == null ? null : u.getEnterpriseUser().getEnterpriseId();
    return new SlackUserInfo(
        new UserProfile(blankToNull(display), blankToNull(real), email),
        blankToNull(u.getTeamId()),
        blankToNull(enterprise),
        u.isRestricted(),
        u.isUltraRestricted(),
        u.isStranger());
  }

  /** Runs one call, waiting Retry-After and retrying on 429; fails on ok=false. */
  <T extends SlackApiTextResponse> T call(String method, Call<T> call) {
    for (int attempt = 1; ; attempt++) {
      try {
        T response = call.run(client);
        if (!response.isOk()) {
          throw new Refused(
              "Slack "
                  + method
                  + " failed: "
                  + response.getError()
                  + " (check the bot's scopes in manifest.yaml and that the app is installed)",
              response.getError());
        }
        return response;
      } catch (SlackApiException e) {
        if (e.getResponse() == null || e.getResponse().code() != 429 || attempt >= MAX_ATTEMPTS) {
          throw new McpbotException(
              "Slack "
                  + method
                  + " failed with HTTP "
                  + (e.getResponse() == null ? "?" : e.getResponse().code()),
              e);
        }
        sleep(retryAfter(e.getResponse().header("Retry-After")));
      } catch (IOException e) {
        throw new McpbotException(
            "Slack " + method + " failed: " + e.getMessage() + " (is SLACK_API_URL reachable?)", e);
      }
    }
  }

  static Duration retryAfter(String header) {
    try {
      long seconds = header == null ? 1 : Long.parseLong(header.strip());
      Duration wait = Duration.ofSeconds(Math.max(seconds, 0));
      return wait.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : wait;
    } catch (NumberFormatException e) {
      return Duration.ofSeconds(1);
    }
  }

  private static void sleep(Duration wait) {
    try {
      Thread.sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new McpbotException("interrupted while waiting for Slack's rate limit", e);
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
