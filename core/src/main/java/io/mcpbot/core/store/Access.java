package io.mcpbot.core.store;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * How the store reaches the database: every repository call and every transaction runs through
 * {@link #run}, the one place where a lost connection becomes the clear {@link StoreException}.
 * Bound to one handle inside a transaction (then single-threaded), else ({@code handle} null) each
 * call takes a pooled connection (then thread-safe).
 */
record Access(Jdbi jdbi, Handle handle, DatabaseUrl url) {

  /** Runs {@code work}, translating a lost connection; everything else passes through. */
  <R> R run(Supplier<R> work) {
    try {
      return work.get();
    } catch (RuntimeException e) {
      throw ConnectionLoss.translate(url, e);
    }
  }

  /**
   * The repository {@code rows} seen only as {@code face}: no Jdbi type is reachable through it,
   * and each call goes through {@link #run}.
   */
  <T> T view(Class<T> face, Class<? extends T> rows) {
    T target = handle == null ? jdbi.onDemand(rows) : handle.attach(rows);
    return face.cast(
        Proxy.newProxyInstance(
            face.getClassLoader(),
            new Class<?>[] {face},
            (proxy, method, args) -> run(() -> invoke(method, target, args))));
  }

  private static Object invoke(java.lang.reflect.Method method, Object target, Object[] args) {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException(e.getCause());
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Runs {@code work} in one READ COMMITTED transaction on one connection (joined if open). */
  <R> R inTransaction(Function<Access, R> work) {
    return run(
        () ->
            handle != null
                ? handle.inTransaction(h -> work.apply(this))
                : jdbi.inTransaction(h -> work.apply(new Access(jdbi, h, url))));
  }
}
