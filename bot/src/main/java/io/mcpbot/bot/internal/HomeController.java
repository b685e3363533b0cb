package io.mcpbot.bot.internal;

import com.slack.api.app_backend.interactive_components.payload.BlockActionPayload;
import com.slack.api.bolt.App;
import com.slack.api.bolt.context.builtin.ViewSubmissionContext;
import com.slack.api.bolt.request.builtin.ViewSubmissionRequest;
import com.slack.api.bolt.response.Response;
import com.slack.api.model.event.AppHomeOpenedEvent;
import com.slack.api.model.view.View;
import io.mcpbot.bot.BotConfig;
import io.mcpbot.bot.BotServices;
import io.mcpbot.bot.ConnectLinks;
import io.mcpbot.bot.SlackMarkdown;
import io.mcpbot.core.config.CredentialSpec;
import io.mcpbot.core.oauth.OAuthConnections;
import io.mcpbot.core.users.EnableOutcome;
import io.mcpbot.core.users.SaveOutcome;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * App Home and the credential flow. Acks at once; the credential modal opens straight from the
 * trigger (before any database or process work); everything else runs in the user's Home lane and
 * ends with a fresh views.publish. Thread-safe.
 */
public final class HomeController {
  private static final Logger log = LoggerFactory.getLogger(HomeController.class);

  private final BotServices core;
  private final HomeAssembler home;
  private final SlackApi api;
  private final Lanes lanes;
  private final FirstContact firstContact;
  private final AccessGate gate;
  private final BotConfig config;
  private final Set<String> refreshQueued = ConcurrentHashMap.newKeySet();
  private final OAuthConnections oauth;

  /** {@code oauth} null: no server offers Connect (no OAuth support wired). */
  public HomeController(
      BotServices core,
      SlackApi api,
      Lanes lanes,
      FirstContact firstContact,
      AccessGate gate,
      BotConfig config,
      OAuthConnections oauth,
      ConnectLinks links) {
    this.core = core;
    this.oauth = oauth;
    this.home =
        new HomeAssembler(
            core,
            new HomeAssembler.HomeSettings(config.homeToolsWait(), lanes.executor(), oauth, links));
    this.api = api;
    this.lanes = lanes;
    this.firstContact = firstContact;
    this.gate = gate;
    this.config = config;
  }

  public void register(App app) {
    app.event(
        AppHomeOpenedEvent.class,
        (payload, ctx) -> {
          AppHomeOpenedEvent e = payload.getEvent();
          if (e.getUser() != null && (e.getTab() == null || "home".equals(e.getTab()))) {
            // Looking writes nothing: no first contact, no event dedupe (a redelivery only
            // publishes the same Home again).
            inHomeLane(
                e.getUser(),
                "show your tools",
                () -> {
                  if (allowed(e.getUser())) {
                    publish(e.getUser());
                  }
                });
          }
          return ctx.ack();
        });
    for (String id :
        List.of(
            HomeActions.ENABLE,
            HomeActions.ENABLE_WITH_CREDENTIALS,
            HomeActions.DISABLE,
            HomeActions.UPDATE,
            HomeActions.REMOVE,
            HomeActions.CONNECT,
            HomeActions.CONNECT_UNAVAILABLE,
            HomeActions.DISCONNECT)) {
      app.blockAction(
          id,
          (req, ctx) -> {
            BlockActionPayload p = req.getPayload();
            onAction(id, p.getUser().getId(), p.getActions().get(0).getValue(), p.getTriggerId());
            return ctx.ack();
          });
    }
    app.blockAction(
        HomeActions.MENU,
        (req, ctx) -> {
          BlockActionPayload p = req.getPayload();
          var option = p.getActions().get(0).getSelectedOption();
          if (option != null && option.getValue() != null && option.getValue().contains(":")) {
            String value = option.getValue();
            int colon = value.indexOf(':');
            onAction(
                value.substring(0, colon),
                p.getUser().getId(),
                value.substring(colon + 1),
                p.getTriggerId());
          }
          return ctx.ack();
        });
    app.viewSubmission(HomeActions.CREDENTIALS_CALLBACK, this::submit);
  }

  void onAction(String action, String user, String server, String triggerId) {
    switch (action) {
      case HomeActions.ENABLE_WITH_CREDENTIALS, HomeActions.UPDATE ->
          lanes.runNow(
              () -> {
                // Usually cached since the user opened the Home: the trigger stays fresh.
                if (allowed(user)) {
                  openModal(user, server, triggerId, null);
                }
              });
      case HomeActions.ENABLE ->
          changeHome(
              user,
              "enable " + server,
              () -> {
                firstContact.ensureKnown(user);
                // without the user's lease the server starts where their turns run, not here
                if (core.users().enable(user, server, home.sessionsHere(user))
                    instanceof EnableOutcome.NeedsCredentials n) {
                  openModal(user, server, triggerId, n.missing());
                }
              });
      case HomeActions.DISABLE ->
          changeHome(user, "disable " + server, () -> core.users().disable(user, server));
      case HomeActions.REMOVE ->
          changeHome(
              user,
              "remove your credentials for " + server,
              () -> core.users().removeCredentials(user, server));
      case HomeActions.DISCONNECT ->
          changeHome(user, "disconnect " + server, () -> disconnect(user, server));
      case HomeActions.CONNECT_UNAVAILABLE ->
          lanes.runNow(
              () -> api.postMessage(user, null, ConnectPrompt.text(server, "", false), null));
      // a URL button: the browser opened the start URL; Slack only wants the ack
      case HomeActions.CONNECT -> {}
      default -> log.warn("unknown App Home action {}", action);
    }
  }

  private void disconnect(String user, String server) {
    if (oauth != null) {
      home.remote(user, server).ifPresent(r -> oauth.disconnect(user, r));
    }
    // the open session still holds the old token
    core.pool().invalidate(user, server);
  }

  /**
   * The user finished connecting {@code server} in the browser (the OAuth callback): the next use
   * opens a fresh session with the new grant, the Home shows it connected, and the user hears so
   * privately. Returns at once.
   */
  public void connected(String user, String server) {
    inHomeLane(
        user,
        "refresh your Home",
        () -> {
          core.pool().invalidate(user, server);
          if (!allowed(user)) {
            return;
          }
          publish(user);
          api.postMessage(
              user,
              null,
              ":white_check_mark: Connected *"
                  + SlackMarkdown.escape(server)
                  + "*. Ask me again and I will use it.",
              null);
        });
  }

  /**
   * A turn just asked {@code user} to (re)connect a server: their App Home shows the same Connect
   * or Reconnect button without being reopened. Returns at once.
   */
  public void connectPrompted(String user) {
    changeHome(user, "refresh your Home", () -> {});
  }

  /** In the user's Home lane: when they may use the bot, applies the change and republishes. */
  private void changeHome(String user, String what, Runnable change) {
    inHomeLane(
        user,
        what,
        () -> {
          if (allowed(user)) {
            change.run();
            publish(user);
          }
        });
  }

  private void openModal(String user, String server, String triggerId, List<CredentialSpec> known) {
    try {
      List<CredentialSpec> specs = known != null ? known : home.credentialSpecs(server);
      if (specs.isEmpty()) {
        log.warn(
            "user {} asked for credentials of {}, which needs none or is unknown", user, server);
        inHomeLane(user, "refresh your Home", () -> publish(user));
        return;
      }
      api.openView(triggerId, CredentialModal.render(server, specs));
    } catch (RuntimeException e) {
      failed(user, "open the credentials form for " + server, e);
    }
  }

  private Response submit(ViewSubmissionRequest req, ViewSubmissionContext ctx) {
    View view = req.getPayload().getView();
    String user = req.getPayload().getUser().getId();
    String server = view.getPrivateMetadata();
    var state = view.getState() == null ? null : view.getState().getValues();
    Map<String, String> values = CredentialModal.values(state);
    List<String> blockIds = state == null ? List.of() : List.copyOf(state.keySet());
    Future<SaveOutcome> saving =
        lanes
            .executor()
            .submit(
                () -> {
                  AccessGate.Refusal refusal = gate.check(user);
                  if (refusal != null) {
                    throw new Refused(refusal);
                  }
                  firstContact.ensureKnown(user);
                  return core.users()
                      .saveCredentials(user, server, values, home.sessionsHere(user));
                });
    SaveOutcome outcome;
    try {
      outcome = saving.get(config.submitTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      // Slack closes the modal with an error after 3 s: close it ourselves, report by DM.
      lanes.runNow(() -> reportLate(user, server, saving));
      return ctx.ack();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ctx.ack();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Refused refused) {
        String text = AccessGate.text(refused.reason, RefIds.next());
        lanes.runNow(() -> api.publishHome(user, HomeView.unavailable(text)));
        return ctx.ackWithErrors(CredentialModal.errors(Map.of("", text), blockIds));
      }
      String ref = RefIds.next();
      log.error(
          "[ref {}] saving credentials of user {} for {} failed", ref, user, server, e.getCause());
      return ctx.ackWithErrors(
          CredentialModal.errors(
              Map.of("", "Could not save (reference " + ref + "). Please try again."), blockIds));
    }
    return switch (outcome) {
      case SaveOutcome.Invalid invalid ->
          ctx.ackWithErrors(CredentialModal.errors(invalid.errors(), blockIds));
      case SaveOutcome.Saved saved -> {
        afterSave(user, server);
        yield ctx.ack(r -> r.responseAction("clear"));
      }
    };
  }

  private void reportLate(String user, String server, Future<SaveOutcome> saving) {
    try {
      SaveOutcome outcome;
      try {
        outcome = saving.get();
      } catch (ExecutionException e) {
        if (e.getCause() instanceof Refused refused) {
          api.publishHome(
              user, HomeView.unavailable(AccessGate.text(refused.reason, RefIds.next())));
          return;
        }
        throw e;
      }
      if (outcome instanceof SaveOutcome.Invalid invalid) {
        api.postMessage(
            user,
            null,
            ":warning: Your credentials for *"
                + SlackMarkdown.escape(server)
                + "* were not saved: "
                + SlackMarkdown.escape(String.join("; ", invalid.errors().values())),
            null);
      } else {
        afterSave(user, server);
      }
    } catch (Exception e) {
      failed(user, "save your credentials for " + server, e);
    }
  }

  private void afterSave(String user, String server) {
    inHomeLane(
        user,
        "refresh your Home",
        () -> {
          publish(user);
          api.postMessage(
              user,
              null,
              ":white_check_mark: Saved your credentials for *"
                  + SlackMarkdown.escape(server)
                  + "*. It is enabled for you.",
              null);
        });
  }

  /** A save refused by the access check, carried out of the saving task. */
  private static final class Refused extends RuntimeException {
    final AccessGate.Refusal reason;

    Refused(AccessGate.Refusal reason) {
      super(reason.name(), null, false, false);
      this.reason = reason;
    }
  }

  /** True when the user may use the bot; otherwise publishes the "not available" Home. */
  private boolean allowed(String user) {
    AccessGate.Refusal refusal = gate.check(user);
    if (refusal == null) {
      return true;
    }
    api.publishHome(user, HomeView.unavailable(AccessGate.text(refusal, RefIds.next())));
    return false;
  }

  void publish(String user) {
    HomePage state = home.assemble(user);
    api.publishHome(user, HomeView.render(state));
    // A server still starting left its tools out: publish again once it is up (or failed).
    if (state.toolsStarting() && refreshQueued.add(user)) {
      home.whenToolsSettled(
          user,
          () -> {
            refreshQueued.remove(user);
            inHomeLane(user, "refresh your Home", () -> publish(user));
          });
    }
  }

  private void inHomeLane(String user, String what, Runnable task) {
    lanes.submit(
        List.of("home", user),
        () -> {
          try {
            task.run();
          } catch (RuntimeException e) {
            failed(user, what, e);
          }
        });
  }

  private void failed(String user, String what, Exception e) {
    String ref = RefIds.next();
    log.error("[ref {}] could not {} for user {}", ref, what, user, e);
    try {
      api.postMessage(user, null, BotTexts.actionFailure(what, ref), null);
    } catch (RuntimeException again) {
      log.error("[ref {}] could not tell user {} either: {}", ref, user, again.getMessage());
    }
  }
}
