package io.mcpbot.core.agent;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A listener that records every event as text ("thinking", "start fx/echo", "end fx/echo ok"). */
class Recorder implements TurnListener {
  final List<String> events = new CopyOnWriteArrayList<>();
  final List<String> pieces = new CopyOnWriteArrayList<>();

  @Override
  public void textDelta(String text) {
    pieces.add(text);
  }

  @Override
  public void thinking() {
    events.add("thinking");
  }

  @Override
  public void toolStarted(String server, String tool) {
    events.add("start " + server + "/" + tool);
  }

  @Override
  public void toolFinished(String server, String tool, boolean ok, Duration took) {
    events.add("end " + server + "/" + tool + (ok ? " ok" : " failed"));
  }

  @Override
  public void answerReady() {
    events.add("answer");
  }
}
