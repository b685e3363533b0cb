package io.mcpbot.bot.internal;

import com.slack.api.bolt.App;
import com.slack.api.model.assistant.AssistantThread;
import com.slack.api.model.assistant.SuggestedPrompt;
import com.slack.api.model.event.AssistantThreadContextChangedEvent;
import com.slack.api.model.event.AssistantThreadStartedEvent;
import io.mcpbot.core.users.ServerOverview;
import io.mcpbot.core.users.UserServers;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Slack's AI app split view: greets a new assistant thread with suggested prompts built from the
 * user's enabled servers, remembers the channel the user is looking at (for the model to read in
 * that thread's turns), shows "is working..." while a turn runs in such a thread and titles it
 * after its first message. Every Slack call is best effort: a workspace without the assistant view
 * still gets its answers. Thread-safe.
 */
public final class AssistantThreads {
  private static final Logger log = LoggerFactory.getLogger(AssistantThreads.class);
  static final String GREETING =
      "Hi! Ask me anything: I answer with the MCP tools you enabled in my App Home.";
  static final String WORKING = "is working on it...";
  private static final int MAX_PROMPTS = 4;
  // threads remembered in memory, newest kept: a bot running for months sees many thousands, and an
  // old thread forgotten only loses its channel note and its title-once guard
  static final int MAX_THREADS = 10_000;
  // a Slack conversation id (C..., G..., D...): anything else is not told to the model
  private static final Pattern CHANNEL_ID = Pattern.compile("[A-Z0-9]{2,32}");

  private final SlackApi api;
  private final UserServers users;
  private final Lanes lanes;
  // channel/thread -> whose thread it is and the channel they view; titled ones have their title
  private final Map<String, Viewing> context = newest(MAX_THREADS);
  private final Set<String> titled = Collections.newSetFromMap(newest(MAX_THREADS));

  public AssistantThreads(SlackApi api, UserServers users, Lanes lanes) {
    this.api = api;
    this.users = users;
    this.lanes = lanes;
  }

  public void register(App app) {
    app.event(
        AssistantThreadStartedEvent.class,
        (payload, ctx) -> {
          onThread(
              payload.getEvent().getAssistantThread(),
              t -> lanes.executor().execute(() -> greet(t)));
          return ctx.ack();
        });
    app.event(
        AssistantThreadContextChangedEvent.class,
        (payload, ctx) -> {
          onThread(payload.getEvent().getAssistantThread(), t -> {});
          return ctx.ack();
        });
  }

  // both events carry the thread and the channel in view: remember it, then do the rest
  private void onThread(AssistantThread t, java.util.function.Consumer<AssistantThread> then) {
    if (t != null && t.getChannelId() != null && t.getThreadTs() != null) {
      remember(t);
      then.accept(t);
    }
  }

  /** Whose assistant thread it is and the channel they view in Slack (null: none). */
  private record Viewing(String user, String channel) {}

  private void remember(AssistantThread t) {
    String viewing = t.getContext() == null ? null : t.getContext().getChannelId();
    context.put(key(t.getChannelId(), t.getThreadTs()), new Viewing(t.getUserId(), viewing));
  }

  /**
   * What the model is told about where {@code user} is for a turn in this thread: the channel they
   * last viewed with it open, or null (not an assistant thread, not theirs, or no channel in view).
   */
  String contextNote(String user, String channel, String threadTs) {
    Viewing v = threadTs == null ? null : context.get(key(channel, threadTs));
    return v == null || !user.equals(v.user()) ? null : note(v.channel());
  }

  /** The note for a channel in view; null for none or for anything that is not a channel id. */
  static String note(String channel) {
    return channel == null || !CHANNEL_ID.matcher(channel).matches()
        ? null
        : "The user is viewing channel <#" + channel + "> in Slack.";
  }

  /** True for a thread Slack opened in the assistant view. */
  boolean isAssistantThread(String channel, String threadTs) {
    return threadTs != null && context.containsKey(key(channel, threadTs));
  }

  private void greet(AssistantThread t) {
    try {
      api.postMessage(t.getChannelId(), t.getThreadTs(), GREETING, BotTexts.textBlocks(GREETING));
      api.setSuggestedPrompts(t.getChannelId(), t.getThreadTs(), prompts(t.getUserId()));
    } catch (RuntimeException e) {
      log.warn("could not greet assistant thread of user {}: {}", t.getUserId(), e.getMessage());
    }
  }

  /** Prompts for the user's enabled servers (at most three), then one about their tools. */
  List<SuggestedPrompt> prompts(String user) {
    List<SuggestedPrompt> out = new ArrayList<>();
    for (ServerOverview s : users.overview(user)) {
      if (s.enabled() && out.size() < MAX_PROMPTS - 1) {
        String title = HomeView.cut("Use " + s.name(), 75);
        out.add(new SuggestedPrompt(title, "What can you do for me with " + s.name() + "?"));
      }
    }
    if (out.isEmpty()) {
      out.add(
          new SuggestedPrompt(
              "Set up my tools", "Which tools can I enable, and how do I enable them?"));
    } else {
      out.add(new SuggestedPrompt("My tools", "Which tools do I have, in one line each?"));
    }
    return out;
  }

  /**
   * A turn starts in {@code threadTs}: status on, and the thread's title from its first message.
   */
  void turnStarted(String channel, String threadTs, String text) {
    if (!isAssistantThread(channel, threadTs)) {
      return;
    }
    status(channel, threadTs, WORKING);
    if (titled.add(key(channel, threadTs)) && text != null && !text.isBlank()) {
      try {
        api.setAssistantTitle(channel, threadTs, title(text));
      } catch (RuntimeException e) {
        log.debug("could not title the assistant thread: {}", e.getMessage());
      }
    }
  }

  /** The turn ended: the status line goes. */
  void turnEnded(String channel, String threadTs) {
    if (isAssistantThread(channel, threadTs)) {
      status(channel, threadTs, "");
    }
  }

  private void status(String channel, String threadTs, String status) {
    try {
      api.setAssistantStatus(channel, threadTs, status);
    } catch (RuntimeException e) {
      log.debug("could not set the assistant status: {}", e.getMessage());
    }
  }

  static String title(String text) {
    // plain text, not mrkdwn: nothing to escape
    return HomeView.cut(text.strip().replaceAll("\\s+", " "), 60);
  }

  private static String key(String channel, String threadTs) {
    return channel + "/" + threadTs;
  }

  /** A synchronized map that forgets its least recently used entry past {@code max}. */
  static <V> Map<String, V> newest(int max) {
    return Collections.synchronizedMap(
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
            return size() > max;
          }
        });
  }
}
