package io.mcpbot.core.store;

import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The repositories over one {@link Database}. From {@link #of(Database)} each call runs on its own
 * pooled connection in autocommit, and the store is thread-safe. Inside {@link
 * #inTransaction(Function)} the given store is bound to one connection and must stay on that
 * thread. Beware: inside that callback, calls on ANY store of the same database made on the same
 * thread join the open transaction (Jdbi reuses the thread's handle), so they commit or roll back
 * with it; work that must commit on its own belongs on another thread.
 */
public final class Store {
  private final Jdbi jdbi;
  private final Handle handle;
  private final DatabaseUrl url;
  private final Users users;
  private final Servers servers;
  private final Credentials credentials;
  private final ServerConfigs serverConfigs;
  private final Conversations conversations;
  private final Messages messages;
  private final ToolCalls toolCalls;
  private final Events events;
  private final Usage usage;

  private Store(Jdbi jdbi, Handle handle, DatabaseUrl url) {
    this.jdbi = jdbi;
    this.handle = handle;
    this.url = url;
    this.users = attach(Users.class);
    this.servers = attach(Servers.class);
    this.credentials = attach(Credentials.class);
    this.serverConfigs = attach(ServerConfigs.class);
    this.conversations = attach(Conversations.class);
    this.messages = attach(Messages.class);
    this.toolCalls = attach(ToolCalls.class);
    this.events = attach(Events.class);
    this.usage = attach(Usage.class);
  }

  /** A store whose operations each take a pooled connection. */
  public static Store of(Database database) {
    Objects.requireNonNull(database, "database");
    return new Store(database.jdbi(), null, database.url());
  }

  private <T> T attach(Class<T> type) {
    T target = handle == null ? jdbi.onDemand(type) : handle.attach(type);
    return ConnectionLossTranslator.wrap(type, target, url);
  }

  /**
   * Runs {@code work} in one transaction (READ COMMITTED), committing when it returns and rolling
   * back when it throws. The store passed in is bound to the transaction's connection.
   */
  public <R> R inTransaction(Function<Store, R> work) {
    Objects.requireNonNull(work, "work");
    try {
      if (handle != null) {
        return handle.inTransaction(h -> work.apply(this));
      }
      return jdbi.inTransaction(h -> work.apply(new Store(jdbi, h, url)));
    } catch (RuntimeException e) {
      throw Database.translate(url, e);
    }
  }

  /** {@link #inTransaction(Function)} without a result. */
  public void useTransaction(Consumer<Store> work) {
    inTransaction(
        s -> {
          work.accept(s);
          return null;
        });
  }

  public Users users() {
    return users;
  }

  public Servers servers() {
    return servers;
  }

  public Credentials credentials() {
    return credentials;
  }

  public ServerConfigs serverConfigs() {
    return serverConfigs;
  }

  public Conversations conversations() {
    return conversations;
  }

  public Messages messages() {
    return messages;
  }

  public ToolCalls toolCalls() {
    return toolCalls;
  }

  public Events events() {
    return events;
  }

  public Usage usage() {
    return usage;
  }
}
