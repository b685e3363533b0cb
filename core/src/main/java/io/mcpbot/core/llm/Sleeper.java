package io.mcpbot.core.llm;

import java.time.Duration;

/**
 * Waits between retries. A seam so tests can record the waits instead of sleeping. Implementations
 * must be thread-safe.
 */
@FunctionalInterface
public interface Sleeper {
  /** Really sleeps the calling thread. */
  Sleeper SYSTEM = Thread::sleep;

  void sleep(Duration duration) throws InterruptedException;
}
