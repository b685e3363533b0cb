package io.mcpbot.bot.internal;

import com.slack.api.bolt.App;
import com.slack.api.model.event.AppMentionEvent;
import com.slack.api.model.event.MessageEvent;
import io.mcpbot.bot.BotBackend;
import io.mcpbot.bot.BotConfig;
import io.mcpbot.bot.SlackMarkdown;
import io.mcpbot.bot.TurnRequest;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DMs and mentions: acks at once, then per (user, channel, thread) in order on virtual threads:
 * dedupe by event_id, first contact, placeholder, progress, answer. Thread-safe.
 */
public final class Conversations {
  private static final Logger log = LoggerFactory.getLogger(Conversations.class);

  private final BotBackend backend;
  private final SlackApi api;
  private final Lanes lanes;
  private final Users users;
  private final BotConfig config;
  private final Supplier<String> botUserId;

  public Conversations(
      BotBackend backend,
      SlackApi api,
      Lanes lanes,
      Users users,
      BotConfig config,
      Supplier<String> botUserId) {
    this.backend = backend;
    this.api = api;
    this.lanes = lanes;
    this.users = users;
    this.config = config;
    this.botUserId = botUserId;
  }

  public void register(App app) {
    app.event(
        MessageEvent.class,
        (payload, ctx) -> {
          MessageEvent e = payload.getEvent();
          if (Routing.answers(e, botUserId.get())) {
            accept(
                payload.getEventId(),
                e.getUser(),
                e.getChannel(),
                e.getThreadTs(),
                e.getTs(),
                e.getText());
          }
          return ctx.ack();
        });
    app.event(
        AppMentionEvent.class,
        (payload, ctx) -> {
          AppMentionEvent e = payload.getEvent();
          if (Routing.answers(e, botUserId.get())) {
            accept(
                payload.getEventId(),
                e.getUser(),
                e.getChannel(),
                e.getThreadTs(),
                e.getTs(),
                e.getText());
          }
          return ctx.ack();
        });
  }

  private void accept(
      String eventId, String user, String channel, String threadTs, String ts, String text) {
    String thread = threadTs != null ? threadTs : ts;
    String key = eventId != null ? eventId : channel + ":" + ts;
    TurnRequest request =
        new TurnRequest(user, channel, thread, Routing.withoutMention(text, botUserId.get()), ts);
    lanes.submit(
        List.of("turn", user, channel, thread),
        () -> {
          if (!backend.firstDelivery(key)) {
            log.debug("event {} already handled, skipping the redelivery", key);
            return;
          }
          turn(request);
        });
  }

  private void turn(TurnRequest req) {
    String placeholder = null;
    Progress progress = null;
    try {
      placeholder =
          api.postMessage(
              req.channelId(),
              req.threadTs(),
              Messages.THINKING,
              Messages.progressBlocks(Messages.THINKING));
      // The placeholder goes first: first contact (users.info) must not delay it.
      users.ensureKnown(req.userId());
      progress =
          new Progress(
              api, req.channelId(), placeholder, config.progressInterval(), lanes.executor());
      Progress p = progress;
      Future<String> answer = lanes.executor().submit(() -> backend.answer(req, p));
      String text = await(answer);
      progress.finish();
      deliver(req, placeholder, text);
    } catch (TimeoutException e) {
      String ref = RefIds.next();
      log.warn(
          "[ref {}] turn for user {} in {} exceeded {}",
          ref,
          req.userId(),
          req.channelId(),
          config.turnTimeout());
      finish(progress);
      reply(req, placeholder, Messages.timeout(config.turnTimeout(), ref));
    } catch (Exception e) {
      String ref = RefIds.next();
      log.error("[ref {}] turn failed for user {} in {}", ref, req.userId(), req.channelId(), e);
      finish(progress);
      reply(req, placeholder, Messages.failure(ref));
    }
  }

  private String await(Future<String> answer) throws Exception {
    try {
      return answer.get(config.turnTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      answer.cancel(true);
      throw e;
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
  }

  private void deliver(TurnRequest req, String placeholder, String markdown) {
    String mrkdwn =
        SlackMarkdown.toMrkdwn(markdown == null || markdown.isBlank() ? "(no answer)" : markdown);
    List<String> parts = SlackMarkdown.split(mrkdwn, config.maxMessageChars());
    api.updateMessage(
        req.channelId(), placeholder, parts.get(0), Messages.textBlocks(parts.get(0)));
    for (String part : parts.subList(1, parts.size())) {
      api.postMessage(req.channelId(), req.threadTs(), part, Messages.textBlocks(part));
    }
  }

  private static void finish(Progress progress) {
    if (progress != null) {
      progress.finish();
    }
  }

  private void reply(TurnRequest req, String placeholder, String text) {
    try {
      if (placeholder != null) {
        api.updateMessage(req.channelId(), placeholder, text, Messages.textBlocks(text));
      } else {
        api.postMessage(req.channelId(), req.threadTs(), text, Messages.textBlocks(text));
      }
    } catch (RuntimeException e) {
      log.error("could not tell user {} about the failure: {}", req.userId(), e.getMessage());
    }
  }
}
