package io.mcpbot.core.store;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * Wraps a repository so that a lost connection surfaces as the clear {@link StoreException}
 * ("Database connection failed: ...") instead of a driver exception; everything else passes
 * through.
 */
final class ConnectionLossTranslator implements InvocationHandler {
  private final Object target;
  private final DatabaseUrl url;

  private ConnectionLossTranslator(Object target, DatabaseUrl url) {
    this.target = target;
    this.url = url;
  }

  static <T> T wrap(Class<T> type, T target, DatabaseUrl url) {
    return type.cast(
        Proxy.newProxyInstance(
            type.getClassLoader(),
            new Class<?>[] {type},
            new ConnectionLossTranslator(target, url)));
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw Database.translate(url, re);
      }
      throw e.getCause();
    }
  }
}
