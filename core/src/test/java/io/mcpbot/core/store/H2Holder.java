package io.mcpbot.core.store;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;

/**
 * A second JVM that holds an H2 database open, as a running bot does: {@link #start} launches it
 * with a JDBC URL and returns once it holds the database; {@link #close} ends it. Its {@link #main}
 * opens the URL, prints {@link #READY} and holds the connection until stdin closes or it is killed.
 * Shared with the cli tests through the test-jar.
 */
public final class H2Holder implements AutoCloseable {
  static final String READY = "holding";

  private final Process process;

  private H2Holder(Process process) {
    this.process = process;
  }

  /** Starts the holder JVM on {@code jdbcUrl} and waits until it holds the database. */
  public static H2Holder start(String jdbcUrl) throws IOException {
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                H2Holder.class.getName(),
                jdbcUrl)
            .redirectErrorStream(true)
            .start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String first = out.readLine();
    if (!READY.equals(first)) {
      p.destroyForcibly();
      throw new IllegalStateException("the holder did not open " + jdbcUrl + ": " + first);
    }
    return new H2Holder(p);
  }

  /** Whether the holder still runs. */
  public boolean alive() {
    return process.isAlive();
  }

  /** Lets the holder close its connection and exit (killed if it has not within 30 s). */
  @Override
  public void close() throws IOException {
    process.getOutputStream().close();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

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
