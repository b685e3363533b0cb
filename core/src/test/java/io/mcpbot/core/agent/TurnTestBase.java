package io.mcpbot.core.agent;

import io.mcpbot.core.llm.FakeLlmServer;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** What every full-turn test holds: a temp directory, a fake model over HTTP and an agent rig. */
abstract class TurnTestBase {
  @TempDir Path dir;
  AgentRig rig;
  final FakeLlmServer llm = new FakeLlmServer();

  @AfterEach
  void closeRig() {
    llm.close();
    if (rig != null) {
      rig.close();
    }
  }
}
