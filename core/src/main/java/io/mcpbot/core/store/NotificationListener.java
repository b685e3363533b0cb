package io.mcpbot.core.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * A PostgreSQL LISTEN on its own connection, outside the pool: it stays open for long and must not
 * take a pooled connection away from turns. One thread waits on it; {@link #close()} may come from
 * any thread and unblocks that wait. Payloads are ignored: a notification only says which channel
 * to look at.
 */
public final class NotificationListener implements AutoCloseable {
  private static final Pattern CHANNEL = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

  private final Connection connection;
  private final PGConnection pg;

  private NotificationListener(Connection connection, PGConnection pg) {
    this.connection = connection;
    this.pg = pg;
  }

  /**
   * Opens a connection to {@code database} (PostgreSQL only) and listens on {@code channels}.
   *
   * @throws StoreException when the database cannot be reached, or is not PostgreSQL
   */
  public static NotificationListener open(Database database, List<String> channels) {
    Objects.requireNonNull(database, "database");
    if (database.url().kind() != DatabaseUrl.Kind.POSTGRESQL) {
      throw new StoreException(
          "LISTEN needs PostgreSQL; " + database + " is polled instead of listened to");
    }
    for (String ch : channels) {
      if (!CHANNEL.matcher(ch).matches()) {
        throw new IllegalArgumentException("not a channel name: " + ch);
      }
    }
    Connection c = null;
    try {
      c = database.openDedicatedConnection();
      try (Statement s = c.createStatement()) {
        for (String ch : channels) {
          s.execute("LISTEN " + ch);
        }
      }
      return new NotificationListener(c, c.unwrap(PGConnection.class));
    } catch (SQLException e) {
      closeQuietly(c);
      throw new StoreException(
          "cannot listen for changes on " + database + ": " + e.getSQLState(), e);
    }
  }

  /**
   * Waits up to {@code timeout} for notifications and returns the channels notified (empty when
   * none arrived in time).
   *
   * @throws StoreException when the connection failed or was closed
   */
  public List<String> await(Duration timeout) {
    try {
      PGNotification[] notes = pg.getNotifications((int) Math.max(1, timeout.toMillis()));
      List<String> channels = new ArrayList<>();
      if (notes != null) {
        for (PGNotification n : notes) {
          channels.add(n.getName());
        }
      }
      return channels;
    } catch (SQLException e) {
      throw new StoreException("the change listener lost its connection: " + e.getSQLState(), e);
    }
  }

  /** Closes the connection (unblocking a waiting {@link #await}); idempotent. */
  @Override
  public void close() {
    closeQuietly(connection);
  }

  private static void closeQuietly(Connection c) {
    if (c != null) {
      try {
        c.close();
      } catch (SQLException e) {
        // closing to unblock the wait or after a failure; nothing to report
      }
    }
  }
}
