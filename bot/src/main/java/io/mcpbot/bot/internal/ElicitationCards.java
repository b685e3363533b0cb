package io.mcpbot.bot.internal;

import static com.slack.api.model.block.Blocks.actions;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;

import com.slack.api.app_backend.interactive_components.payload.BlockActionPayload;
import com.slack.api.bolt.App;
import com.slack.api.bolt.context.builtin.ViewSubmissionContext;
import com.slack.api.bolt.request.builtin.ViewSubmissionRequest;
import com.slack.api.bolt.response.Response;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.element.BlockElement;
import com.slack.api.model.block.element.ButtonElement;
import io.mcpbot.bot.ElicitationSchema;
import io.mcpbot.bot.SlackMarkdown;
import io.mcpbot.core.mcp.ElicitationAnswer;
import io.mcpbot.core.mcp.ElicitationRequest;
import io.mcpbot.core.mcp.Elicitor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server's elicitation as a card in the turn's thread: "Answer" opens {@link ElicitationModal}
 * (form mode) or a button opens the URL (URL mode, done when the server reports completion or the
 * user presses Done), with Decline and Cancel. Only the requester can answer; no answer within the
 * timeout cancels. Values are never logged. Thread-safe.
 */
public final class ElicitationCards {
  private static final Logger log = LoggerFactory.getLogger(ElicitationCards.class);
  static final String ANSWER = "elicit_answer";
  static final String OPEN_URL = "elicit_url";
  static final String DONE = "elicit_done";
  static final String DECLINE = "elicit_decline";
  static final String CANCEL = "elicit_cancel";
  private static final String NOT_YOURS = "Only the person who asked can answer this request.";

  private final SlackApi api;
  private final Duration timeout;
  private final Map<String, Pending> pending = new ConcurrentHashMap<>();

  private record Pending(
      AskedIn asked,
      ElicitationRequest request,
      ElicitationSchema schema,
      CompletableFuture<ElicitationAnswer> answer) {}

  public ElicitationCards(SlackApi api, Duration timeout) {
    this.api = api;
    this.timeout = timeout;
  }

  public void register(App app) {
    app.blockAction(ANSWER, (req, ctx) -> ack(req.getPayload(), ctx.ack()));
    for (String id : List.of(OPEN_URL, DONE, DECLINE, CANCEL)) {
      app.blockAction(id, (req, ctx) -> ack(req.getPayload(), ctx.ack()));
    }
    app.viewSubmission(ElicitationModal.CALLBACK, this::submit);
  }

  private Response ack(BlockActionPayload p, Response ack) {
    var action = p.getActions().get(0);
    onAction(action.getActionId(), p.getUser().getId(), action.getValue(), p.getTriggerId());
    return ack;
  }

  void onAction(String action, String user, String id, String triggerId) {
    Pending e = id == null ? null : pending.get(id);
    if (e == null) {
      return; // answered, timed out, or a click delivered twice
    }
    if (!e.asked().mayAnswer(api, user, NOT_YOURS)) {
      return;
    }
    switch (action) {
      case ANSWER -> {
        try {
          api.openView(
              triggerId,
              ElicitationModal.render(id, e.request().server(), e.request().message(), e.schema()));
        } catch (RuntimeException ex) {
          log.warn("could not open the elicitation form for user {}: {}", user, ex.getMessage());
        }
      }
      case DONE -> e.answer().complete(ElicitationAnswer.accept(Map.of()));
      case DECLINE -> e.answer().complete(ElicitationAnswer.decline());
      case CANCEL -> e.answer().complete(ElicitationAnswer.cancel());
      default -> {} // the URL button: the browser opened it, Slack only wants the ack
    }
  }

  private Response submit(ViewSubmissionRequest req, ViewSubmissionContext ctx) {
    var view = req.getPayload().getView();
    Pending e = pending.get(view.getPrivateMetadata());
    if (e == null) {
      return ctx.ack(); // it timed out or was answered meanwhile: the modal just closes
    }
    if (!e.asked().requester().equals(req.getPayload().getUser().getId())) {
      return ctx.ackWithErrors(Map.of(firstBlock(e), NOT_YOURS));
    }
    ElicitationSchema.Checked checked =
        e.schema().check(ElicitationModal.raw(view.getState().getValues()));
    if (!checked.errors().isEmpty()) {
      Map<String, String> errors = new java.util.LinkedHashMap<>();
      checked.errors().forEach((k, v) -> errors.put(ElicitationModal.BLOCK_PREFIX + k, v));
      return ctx.ackWithErrors(errors);
    }
    e.answer().complete(ElicitationAnswer.accept(checked.values()));
    return ctx.ack();
  }

  private static String firstBlock(Pending e) {
    return e.schema().fields().isEmpty()
        ? ""
        : ElicitationModal.BLOCK_PREFIX + e.schema().fields().get(0).name();
  }

  /** The elicitor of one turn: asks {@code user} in the turn's thread. */
  Elicitor forTurn(String user, String channel, String threadTs) {
    return new Elicitor() {
      @Override
      public ElicitationAnswer elicit(ElicitationRequest request) {
        return ask(user, channel, threadTs, request);
      }

      @Override
      public void completed(String server, String elicitationId) {
        ElicitationCards.this.completed(server, elicitationId);
      }
    };
  }

  /**
   * Posts the card for {@code request} in the thread, waits for {@code user}'s answer (cancel after
   * the timeout or on interrupt), then marks the card with the outcome.
   */
  ElicitationAnswer ask(String user, String channel, String threadTs, ElicitationRequest request) {
    String id = UUID.randomUUID().toString();
    boolean url = request.mode() == ElicitationRequest.Mode.URL;
    ElicitationSchema schema = ElicitationSchema.parse(request.requestedSchema());
    Pending e =
        new Pending(
            new AskedIn(user, channel, threadTs), request, schema, new CompletableFuture<>());
    pending.put(id, e);
    if (url && request.elicitationId() != null) {
      byElicitationId.put(request.server() + "\n" + request.elicitationId(), e.answer());
    }
    String text = text(user, request);
    String ts = null;
    ElicitationAnswer answer;
    try {
      ts = api.postMessage(channel, threadTs, text, blocks(id, text, request));
      answer = e.answer().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException ex) {
      answer = null;
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      answer = ElicitationAnswer.cancel();
    } catch (Exception ex) {
      log.warn("could not ask user {} for {}: {}", user, request.server(), ex.getMessage());
      answer = ElicitationAnswer.cancel();
    } finally {
      pending.remove(id);
      if (request.elicitationId() != null) {
        byElicitationId.remove(request.server() + "\n" + request.elicitationId());
      }
    }
    String outcome =
        switch (answer) {
          // ELICITATION_TIMEOUT is in seconds: "0 min" would say nothing
          case null -> "No answer within " + BotTexts.human(timeout) + ": cancelled.";
          case ElicitationAnswer.Accept a -> url ? "Done." : "Answered.";
          case ElicitationAnswer.Decline d -> "Declined.";
          case ElicitationAnswer.Cancel c -> "Cancelled.";
        };
    if (ts != null) {
      String done = text + "\n_" + outcome + "_";
      try {
        api.updateMessage(channel, ts, done, List.of(section(s -> s.text(markdownText(done)))));
      } catch (RuntimeException ex) {
        log.debug("could not mark the elicitation card: {}", ex.getMessage());
      }
    }
    return answer == null ? ElicitationAnswer.cancel() : answer;
  }

  private final Map<String, CompletableFuture<ElicitationAnswer>> byElicitationId =
      new ConcurrentHashMap<>();

  /** The server reported the URL-mode elicitation complete: its card's wait ends as accepted. */
  void completed(String server, String elicitationId) {
    var f = byElicitationId.get(server + "\n" + elicitationId);
    if (f != null) {
      f.complete(ElicitationAnswer.accept(Map.of()));
    }
  }

  static String text(String user, ElicitationRequest r) {
    String who = "<@" + user + ">, *" + SlackMarkdown.escape(r.server()) + "* ";
    String message = HomeView.cut(SlackMarkdown.escape(r.message()), 2500);
    return r.mode() == ElicitationRequest.Mode.URL
        ? ":globe_with_meridians: "
            + who
            + "asks you to open a page: "
            + message
            + "\n`"
            + HomeView.cut(r.url() == null ? "" : r.url().replace("`", "%60"), 400)
            + "`\nOpen it only if you trust it; the turn goes on when the server says it is"
            + " done (or when you press Done)."
        : ":memo: " + who + "asks: " + message;
  }

  static List<LayoutBlock> blocks(String id, String text, ElicitationRequest r) {
    List<BlockElement> buttons = new ArrayList<>();
    if (r.mode() == ElicitationRequest.Mode.URL) {
      buttons.add(
          button(OPEN_URL, "Open " + r.urlHost().orElse("page"), id)
              .url(r.url())
              .style("primary")
              .build());
      buttons.add(button(DONE, "Done", id).build());
    } else {
      buttons.add(button(ANSWER, "Answer", id).style("primary").build());
    }
    buttons.add(button(DECLINE, "Decline", id).build());
    buttons.add(button(CANCEL, "Cancel", id).build());
    return List.of(section(s -> s.text(markdownText(text))), actions(a -> a.elements(buttons)));
  }

  private static ButtonElement.ButtonElementBuilder button(String action, String label, String id) {
    return ButtonElement.builder()
        .actionId(action)
        .text(plainText(HomeView.cut(label, 75)))
        .value(id);
  }
}
