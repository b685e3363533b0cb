package io.mcpbot.cli;

import io.mcpbot.core.McpbotException;
import io.mcpbot.core.config.ConfigException;
import io.mcpbot.core.config.Need;
import io.mcpbot.core.crypto.KeyRing;
import io.mcpbot.core.mcp.sandbox.Sandbox;
import io.mcpbot.core.mcp.sandbox.SandboxException;
import io.mcpbot.core.mcp.sandbox.SandboxMode;
import io.mcpbot.core.mcp.sandbox.SandboxStatus;
import io.mcpbot.core.store.CredentialToken;
import io.mcpbot.core.store.Database;
import io.mcpbot.core.store.EncryptedColumn;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code mcpbot init-db}: migrate, then check that encryption works with the stored data. */
@Command(
    name = "init-db",
    mixinStandardHelpOptions = true,
    description = {
      "Create or upgrade the schema and verify encryption (idempotent).",
      "",
      "Migrates the database named by DATABASE_URL (unset: embedded H2 in ./data),",
      "checks an encrypt/decrypt round trip with the configured keys, that a",
      "sample of stored credentials opens with them, and which sandbox MCP servers",
      "will run in (MCP_SANDBOX)."
    })
final class InitDbCommand implements Callable<Integer> {
  /** How many stored credentials the check decrypts. */
  static final int SAMPLE = 200;

  @ParentCommand Main main;

  @Override
  public Integer call() {
    PrintStream out = main.out();
    try (Context ctx = Context.open(main.settings(), Context.Migrate.YES, Need.ENCRYPTION)) {
      out.println("Database: " + ctx.database().url().target());
      List<Database.Migration> applied = ctx.appliedMigrations();
      out.println(
          applied.isEmpty()
              ? "Schema: up to date"
              : "Schema: applied "
                  + applied.stream()
                      .map(m -> "V" + m.version() + " " + m.description())
                      .collect(Collectors.joining(", ")));
      KeyRing ring = ctx.keyRing();
      String probe = "mcpbot-probe-" + UUID.randomUUID();
      if (!probe.equals(ring.decrypt(ring.encrypt(probe)))) {
        throw new McpbotException("encryption round trip returned a different value");
      }
      out.println(
          "Encryption: round trip OK ("
              + ring.size()
              + (ring.size() == 1 ? " key" : " keys")
              + " in the ring)");
      int code = checkStored(ctx, ring, out);
      checkSandbox(out);
      return code;
    }
  }

  /**
   * Probes the sandbox MCP_SANDBOX asks for: the active one is printed; {@code auto} without a
   * working bubblewrap warns with what is missing and the fix; {@code bwrap} without one fails.
   */
  private void checkSandbox(PrintStream out) {
    SandboxMode mode = main.settings().pool().sandbox();
    SandboxStatus status;
    try {
      status = Sandbox.detect(mode).status();
    } catch (SandboxException e) {
      throw new ConfigException(List.of(e.getMessage()));
    }
    out.println(
        "Sandbox: "
            + (status.active()
                ? status.detail()
                : "OFF (MCP_SANDBOX=" + mode.name().toLowerCase(Locale.ROOT) + ")"));
    status.warning().ifPresent(w -> main.err().println("warning: " + w));
  }

  private int checkStored(Context ctx, KeyRing ring, PrintStream out) {
    long total = ctx.store().secretColumns().count(EncryptedColumn.CREDENTIAL);
    if (total == 0) {
      out.println("Stored credentials: none yet");
      return Main.OK;
    }
    List<CredentialToken> sample =
        ctx.store().secretColumns().scan(EncryptedColumn.CREDENTIAL, 0, SAMPLE);
    long unreadable = 0;
    long older = 0;
    for (CredentialToken t : sample) {
      OptionalInt i = ring.indexOf(t.encryptedValue());
      if (i.isEmpty()) {
        unreadable++;
      } else if (i.getAsInt() > 0) {
        older++;
      }
    }
    out.println(
        "Stored credentials: "
            + total
            + "; checked "
            + sample.size()
            + ": "
            + (sample.size() - unreadable)
            + " open with the configured keys"
            + (older == 0 ? "" : " (" + older + " under an older key: run rotate-key)"));
    if (unreadable > 0) {
      main.err()
          .println(
              "warning: "
                  + unreadable
                  + " of "
                  + sample.size()
                  + " sampled credentials open with no configured key. Was ENCRYPTION_KEY,"
                  + " MASTER_PASSWORD or ENCRYPTION_SALT changed? Add the previous key to"
                  + " ENCRYPTION_KEY (after the new one) or ask those users to re-enter them.");
    }
    return Main.OK;
  }
}
