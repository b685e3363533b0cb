package io.mcpbot.core.store;

import java.time.Instant;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * mcpbot's tables over one {@link Database}, as a few plain views (users, servers, credentials,
 * server choices, conversations, events, tool calls) plus the usage report. From {@link
 * #of(Database)} each call runs on its own pooled connection in autocommit, and the store is
 * thread-safe. Inside {@link #inTransaction(Function)} the given store is bound to one connection
 * and must stay on that thread. Beware: inside that callback, calls on ANY store of the same
 * database made on the same thread join the open transaction (Jdbi reuses the thread's handle), so
 * they commit or roll back with it; work that must commit on its own belongs on another thread. A
 * lost connection surfaces as {@link StoreException} "Database connection failed: ...".
 */
public final class Store {
  private final Access access;
  private final UserAccounts users;
  private final ServerRegistry servers;
  private final CredentialVault credentials;
  private final ServerChoices serverConfigs;
  private final ConversationHistory conversations;
  private final ProcessedEvents events;
  private final ToolCallLog toolCalls;
  private final OAuthVault oauth;
  private final SecretColumns secretColumns;

  private Store(Access access) {
    this.access = access;
    this.users = access.view(UserAccounts.class, UserRows.class);
    this.servers = access.view(ServerRegistry.class, ServerRows.class);
    this.credentials = access.view(CredentialVault.class, CredentialRows.class);
    this.serverConfigs = access.view(ServerChoices.class, ServerChoiceRows.class);
    this.conversations = access.view(ConversationHistory.class, ConversationRows.class);
    this.events = access.view(ProcessedEvents.class, EventRows.class);
    this.toolCalls = access.view(ToolCallLog.class, ToolCallRows.class);
    this.oauth = access.view(OAuthVault.class, OAuthRows.class);
    this.secretColumns = access.view(SecretColumns.class, SecretColumnRows.class);
  }

  /** A store whose operations each take a pooled connection. */
  public static Store of(Database database) {
    Objects.requireNonNull(database, "database");
    return new Store(new Access(database.jdbi(), null, database.url()));
  }

  /**
   * Runs {@code work} in one transaction (READ COMMITTED), committing when it returns and rolling
   * back when it throws. The store passed in is bound to the transaction's connection.
   */
  public <R> R inTransaction(Function<Store, R> work) {
    Objects.requireNonNull(work, "work");
    return access.inTransaction(a -> work.apply(a == access ? this : new Store(a)));
  }

  /** {@link #inTransaction(Function)} without a result. */
  public void useTransaction(Consumer<Store> work) {
    inTransaction(
        s -> {
          work.accept(s);
          return null;
        });
  }

  /** Slack users. */
  public UserAccounts users() {
    return users;
  }

  /** The MCP server catalog synced from servers_config.json. */
  public ServerRegistry servers() {
    return servers;
  }

  /** Users' encrypted credentials. */
  public CredentialVault credentials() {
    return credentials;
  }

  /** Which servers each user enabled. */
  public ServerChoices serverConfigs() {
    return serverConfigs;
  }

  /** Conversations and their messages, including the idle-conversation purge. */
  public ConversationHistory conversations() {
    return conversations;
  }

  /** Slack event dedupe. */
  public ProcessedEvents events() {
    return events;
  }

  /** The tool-call audit. */
  public ToolCallLog toolCalls() {
    return toolCalls;
  }

  /** OAuth grants, registered clients and pending authorizations of remote servers. */
  public OAuthVault oauth() {
    return oauth;
  }

  /** Every encrypted column, as key rotation scans and rewrites them. */
  public SecretColumns secretColumns() {
    return secretColumns;
  }

  /** The session change log every replica follows (credentials, enable, grants, sync...). */
  public SessionChanges sessionChanges() {
    return new SessionChanges(access);
  }

  /** Which replica holds each user's lease. */
  public UserLeases leases() {
    return new UserLeases(access);
  }

  /** Turns handed to the replica holding their user's lease. */
  public TurnQueue turnQueue() {
    return access.view(TurnQueue.class, TurnQueue.class);
  }

  /** Tokens per answered turn. */
  public TurnUsageLog turnUsage() {
    return access.view(TurnUsageLog.class, TurnUsageRows.class);
  }

  /** The tools users chose to always allow. */
  public ToolApprovals toolApprovals() {
    return access.view(ToolApprovals.class, ToolApprovalRows.class);
  }

  /** Everything {@code mcpbot list-usage} shows, for the period starting at {@code since}. */
  public UsageReport usageReport(Instant since) {
    Objects.requireNonNull(since, "since");
    return access.view(UsageQueries.class, UsageQueries.class).report(since);
  }
}
