package io.mcpbot.bot.emulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

/** The Web API calls the emulator answered, in order, with waiting on them. Thread-safe. */
final class CallLog {
  private final List<ApiCall> calls = new ArrayList<>();
  private final List<Consumer<ApiCall>> listeners = new CopyOnWriteArrayList<>();

  void record(ApiCall call) {
    synchronized (calls) {
      calls.add(call);
      calls.notifyAll();
    }
    listeners.forEach(l -> l.accept(call));
  }

  void onCall(Consumer<ApiCall> listener) {
    listeners.add(listener);
  }

  List<ApiCall> all() {
    synchronized (calls) {
      return List.copyOf(calls);
    }
  }

  List<ApiCall> await(String method, Predicate<ApiCall> test, int n, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (calls) {
      while (true) {
        List<ApiCall> found =
            calls.stream()
                .filter(c -> c.method().equals(method) && !c.rateLimited() && test.test(c))
                .toList();
        if (found.size() >= n) {
          return found;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError(
              "expected "
                  + n
                  + " "
                  + method
                  + " call(s) within "
                  + timeout
                  + ", saw "
                  + found.size()
                  + "; all calls: "
                  + calls.stream().map(ApiCall::method).toList());
        }
        TimeUnit.NANOSECONDS.timedWait(calls, left);
      }
    }
  }
}
