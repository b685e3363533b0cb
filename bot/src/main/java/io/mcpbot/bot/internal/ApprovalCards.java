package io.mcpbot.bot.internal;

import com.slack.api.app_backend.interactive_components.payload.BlockActionPayload;
import com.slack.api.bolt.App;
import io.mcpbot.core.agent.ApprovalDecision;
import io.mcpbot.core.agent.ToolApproval;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Approval before a tool runs, in Slack: posts the card in the turn's thread, waits for the
 * requester's click (or the timeout), then shows the outcome on the card. A click by anyone else
 * gets a private refusal; a click delivered twice, or after the decision, changes nothing (the
 * first decision of an approval id wins). Thread-safe.
 */
public final class ApprovalCards {
  private static final Logger log = LoggerFactory.getLogger(ApprovalCards.class);

  private final SlackApi api;
  private final Executor executor;
  private final Map<String, Pending> pending = new ConcurrentHashMap<>();

  private record Pending(
      ToolApproval request, AskedIn asked, CompletableFuture<ApprovalDecision> decision) {}

  public ApprovalCards(SlackApi api, Executor executor) {
    this.api = api;
    this.executor = executor;
  }

  /** Registers the buttons' handlers; each acks at once and does its Slack calls afterwards. */
  public void register(App app) {
    for (String action : ApprovalCard.ACTIONS) {
      app.blockAction(
          action,
          (req, ctx) -> {
            BlockActionPayload p = req.getPayload();
            String id = p.getActions().get(0).getValue();
            String user = p.getUser().getId();
            executor.execute(() -> clicked(action, id, user));
            return ctx.ack();
          });
    }
  }

  /** The approval function of one turn in {@code channel}'s thread {@code threadTs}. */
  Function<ToolApproval, ApprovalDecision> forTurn(String channel, String threadTs) {
    return request -> ask(request, channel, threadTs);
  }

  ApprovalDecision ask(ToolApproval request, String channel, String threadTs) {
    CompletableFuture<ApprovalDecision> decision = new CompletableFuture<>();
    AskedIn asked = new AskedIn(request.slackUserId(), channel, threadTs);
    pending.put(request.id(), new Pending(request, asked, decision));
    String card;
    try {
      card =
          api.postMessage(
              channel, threadTs, ApprovalCard.question(request), ApprovalCard.blocks(request));
    } catch (RuntimeException e) {
      pending.remove(request.id());
      log.warn("could not post the approval card for {}: {}", request.tool(), e.getMessage());
      return ApprovalDecision.CANNOT_ASK;
    }
    ApprovalDecision d;
    try {
      d = decision.get(request.timeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      d = ApprovalDecision.NO_ANSWER;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      d = ApprovalDecision.NO_ANSWER;
    } catch (ExecutionException e) {
      d = ApprovalDecision.CANNOT_ASK;
    }
    // a click racing the timeout: whichever removes the entry first decides
    if (pending.remove(request.id()) == null) {
      d = decision.join(); // the click removed the entry and completes at once
    }
    try {
      api.updateMessage(
          channel, card, ApprovalCard.outcome(request, d), ApprovalCard.decided(request, d));
    } catch (RuntimeException e) {
      log.warn("could not show the approval outcome on the card: {}", e.getMessage());
    }
    return d;
  }

  private void clicked(String action, String id, String user) {
    Pending p = pending.get(id);
    if (p == null) {
      log.debug("approval {} already decided or unknown; ignoring the click", id);
      return;
    }
    if (!p.asked().mayAnswer(api, user, ApprovalCard.refusal(p.request().slackUserId()))) {
      return;
    }
    if (pending.remove(id, p)) {
      p.decision()
          .complete(
              switch (action) {
                case ApprovalCard.APPROVE -> ApprovalDecision.APPROVE;
                case ApprovalCard.ALWAYS -> ApprovalDecision.ALWAYS_ALLOW;
                default -> ApprovalDecision.DENY;
              });
    }
  }
}
