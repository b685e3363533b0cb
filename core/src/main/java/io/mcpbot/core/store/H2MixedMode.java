package io.mcpbot.core.store;

import java.lang.reflect.Field;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * H2's mixed mode (AUTO_SERVER=TRUE) as mcpbot needs it. The first process to open the file serves
 * it to the others, but only while it has the database open, and H2 then insists on closing it from
 * its own shutdown hook. So the process holds one connection outside the pool for its lifetime (the
 * pool may briefly drop to none), and H2's hook is removed: on SIGTERM {@code mcpbot run} lets its
 * turns finish and closes the pool itself, which closes the database cleanly.
 */
final class H2MixedMode {
  private static final Logger LOG = LoggerFactory.getLogger(H2MixedMode.class);

  private H2MixedMode() {}

  /** Opens the holding connection; the caller closes it after the pool. */
  static Connection hold(DatabaseUrl url) throws SQLException {
    Properties props = new Properties();
    url.user().ifPresent(u -> props.setProperty("user", u));
    url.password().ifPresent(p -> props.setProperty("password", p));
    Connection held = DriverManager.getConnection(url.jdbcUrl(), props);
    removeCloseOnExitHook();
    return held;
  }

  private static void removeCloseOnExitHook() {
    try {
      Field hook = Class.forName("org.h2.engine.OnExitDatabaseCloser").getDeclaredField("INSTANCE");
      hook.setAccessible(true);
      Runtime.getRuntime().removeShutdownHook((Thread) hook.get(null));
    } catch (ReflectiveOperationException | RuntimeException e) {
      // A newer H2 may have moved it: then a SIGTERM closes the database under running turns.
      LOG.warn("cannot keep H2 open until mcpbot closes it at exit: {}", e.toString());
    }
  }
}
