package io.mcpbot.core.agent;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Calls a {@link TurnListener} so that a faulty one cannot break the turn. Stateless. */
final class Listeners {
  private static final Logger LOG = LoggerFactory.getLogger(Listeners.class);

  private Listeners() {}

  static void thinking(TurnListener l) {
    guard(l::thinking);
  }

  static void started(TurnListener l, String server, String tool) {
    guard(() -> l.toolStarted(server, tool));
  }

  static void finished(TurnListener l, String server, String tool, boolean ok, Duration took) {
    guard(() -> l.toolFinished(server, tool, ok, took));
  }

  static void textDelta(TurnListener l, String text) {
    guard(() -> l.textDelta(text));
  }

  static void answerReady(TurnListener l) {
    guard(l::answerReady);
  }

  private static void guard(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      LOG.warn("turn listener failed; ignoring: {}", e.toString());
    }
  }
}
