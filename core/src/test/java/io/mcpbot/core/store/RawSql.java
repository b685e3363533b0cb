package io.mcpbot.core.store;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.sql.DataSource;
import org.jdbi.v3.core.statement.SqlLogger;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Tests' way to a {@link Database}'s pool for their own SQL (constraint checks, bulk seeding,
 * schema inspection); production code has none, since only the store touches JDBC.
 */
public final class RawSql {
  private RawSql() {}

  /** The pooled data source of {@code database}. */
  public static DataSource dataSource(Database database) {
    return database.dataSource();
  }

  /**
   * From now on, records the SQL of every statement the store runs on {@code database}, in order;
   * the returned list is thread-safe. For tests that count what a path reads and writes.
   */
  public static List<String> recordStatements(Database database) {
    List<String> sql = Collections.synchronizedList(new ArrayList<>());
    database
        .jdbi()
        .setSqlLogger(
            new SqlLogger() {
              @Override
              public void logBeforeExecution(StatementContext ctx) {
                sql.add(ctx.getRenderedSql());
              }
            });
    return sql;
  }
}
