package io.mcpbot.bot.internal;

import com.slack.api.util.thread.ExecutorServiceProvider;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Gives Bolt virtual threads for its pools, and one daemon thread per scheduler (Socket Mode's
 * message processor runs there, so envelopes are dispatched in arrival order).
 */
public final class VirtualThreads implements ExecutorServiceProvider {

  @Override
  public ExecutorService createThreadPoolExecutor(String threadGroupName, int poolSize) {
    return Executors.newThreadPerTaskExecutor(
        Thread.ofVirtual().name(threadGroupName + "-", 0).factory());
  }

  @Override
  public ScheduledExecutorService createThreadScheduledExecutor(String threadGroupName) {
    return Executors.newSingleThreadScheduledExecutor(
        Thread.ofPlatform().daemon().name(threadGroupName).factory());
  }
}
