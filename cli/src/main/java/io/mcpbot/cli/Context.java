package io.mcpbot.cli;

import io.mcpbot.core.config.ConfigException;
import io.mcpbot.core.config.Need;
import io.mcpbot.core.config.Secret;
import io.mcpbot.core.config.Settings;
import io.mcpbot.core.crypto.KeyRing;
import io.mcpbot.core.store.Database;
import io.mcpbot.core.store.DatabaseUrl;
import io.mcpbot.core.store.Store;
import io.mcpbot.core.store.StoreException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The wiring every database command shares: checks the settings a command needs (all problems at
 * once), opens the database from DATABASE_URL (embedded H2 under ./data when unset), optionally
 * migrates it, and builds the key ring. Close it when done. Not thread-safe to open; the database
 * and store it hands out are.
 *
 * <pre>{@code
 * try (Context ctx = Context.open(settings, Context.Migrate.YES, Need.ENCRYPTION)) {
 *   ctx.store().users()...; ctx.keyRing().decrypt(...);
 * }
 * }</pre>
 */
public final class Context implements AutoCloseable {

  /** Whether {@link #open} applies pending migrations. */
  public enum Migrate {
    YES,
    NO;

    /** NO for a dry run, which writes nothing (no migrations either), YES otherwise. */
    public static Migrate unlessDryRun(boolean dryRun) {
      return dryRun ? NO : YES;
    }
  }

  private final Settings settings;
  private final Database database;
  private final Store store;
  private final List<Database.Migration> applied;
  private KeyRing keyRing;

  private Context(Settings settings, Database database, List<Database.Migration> applied) {
    this.settings = settings;
    this.database = database;
    this.store = Store.of(database);
    this.applied = applied;
  }

  /**
   * Checks {@link Need#DATABASE} plus {@code needs}, opens the database and (with {@link
   * Migrate#YES}) migrates it; with {@link Migrate#NO} it requires the schema to be current.
   *
   * @throws ConfigException listing every missing or invalid setting
   * @throws StoreException if the database cannot be opened or migrated, or (with {@link
   *     Migrate#NO}) its schema is not current, naming {@code mcpbot init-db} as the fix
   */
  public static Context open(Settings settings, Migrate migrate, Need... needs) {
    Checked checked = check(settings, needs);
    if (!checked.problems().isEmpty()) {
      throw new ConfigException(checked.problems());
    }
    Database db =
        Database.open(
            checked.url(), Database.Options.defaults().withSqlEcho(settings.database().sqlEcho()));
    try {
      List<Database.Migration> applied = migrate == Migrate.YES ? db.migrate() : List.of();
      if (migrate == Migrate.NO) {
        requireCurrentSchema(db);
      }
      return new Context(settings, db, applied);
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
  }

  /**
   * {@link #open}s the database (needing only {@link Need#DATABASE}), returns what {@code work}
   * makes of the store and closes it again: for commands that need the store for one call.
   */
  public static <T> T withStore(Settings settings, Migrate migrate, Function<Store, T> work) {
    try (Context ctx = open(settings, migrate)) {
      return work.apply(ctx.store());
    }
  }

  /**
   * Every problem {@link #open} would report for {@code needs} (DATABASE always included): the
   * settings' own, plus what the store finds wrong in DATABASE_URL (host, port, database name), so
   * a command lists them all at once.
   */
  public static List<String> problems(Settings settings, Need... needs) {
    return check(settings, needs).problems();
  }

  private record Checked(DatabaseUrl url, List<String> problems) {}

  private static Checked check(Settings settings, Need... needs) {
    List<Need> all = new ArrayList<>(List.of(needs));
    all.add(Need.DATABASE);
    List<String> problems = new ArrayList<>(settings.problems(all.toArray(Need[]::new)));
    DatabaseUrl url = null;
    if (problems.stream().noneMatch(p -> p.contains("DATABASE_URL"))) {
      try {
        url = DatabaseUrl.parse(settings.database().url().map(Secret::reveal).orElse(null));
      } catch (StoreException e) {
        problems.add(e.getMessage());
      }
    }
    return new Checked(url, List.copyOf(problems));
  }

  /** Without this a dry run on a new database would fail with a raw "table not found". */
  private static void requireCurrentSchema(Database db) {
    List<Database.Migration> pending = db.pendingMigrations();
    if (!pending.isEmpty()) {
      throw new StoreException(
          "The database "
              + db.url().target()
              + (pending.getFirst().version().equals("1") // V1 pending: no schema at all
                  ? " has no mcpbot schema yet"
                  : " needs schema migrations ("
                      + pending.stream()
                          .map(m -> "V" + m.version() + " " + m.description())
                          .collect(Collectors.joining(", "))
                      + ")")
              + ": run `mcpbot init-db` first, then this command again");
    }
  }

  public Settings settings() {
    return settings;
  }

  public Database database() {
    return database;
  }

  /** The repositories, each call on its own pooled connection. */
  public Store store() {
    return store;
  }

  /** Migrations applied by {@link #open} (empty when the schema was current or NO was passed). */
  public List<Database.Migration> appliedMigrations() {
    return applied;
  }

  /**
   * The deployment's key ring from ENCRYPTION_KEY / MASTER_PASSWORD, built on first use (the PBKDF2
   * derivation of a password takes a moment).
   */
  public KeyRing keyRing() {
    if (keyRing == null) {
      keyRing = settings.encryption().keyRing();
    }
    return keyRing;
  }

  @Override
  public void close() {
    database.close();
  }
}
