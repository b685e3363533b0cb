package io.mcpbot.core.store;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * A second process for {@link DatabaseTest}: opens the H2 database named by its argument, prints
 * {@link #READY}, and holds it until stdin closes or the process is killed.
 */
public final class H2Holder {
  static final String READY = "holding";

  private H2Holder() {}

  public static void main(String[] args) throws SQLException, IOException {
    try (Connection c = DriverManager.getConnection(args[0])) {
      System.out.println(READY);
      System.out.flush();
      while (System.in.read() >= 0) {
        // hold the connection (and H2's file lock) until the parent closes our stdin or kills us
      }
    }
  }
}
