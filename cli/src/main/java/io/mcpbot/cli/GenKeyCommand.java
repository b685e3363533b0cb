package io.mcpbot.cli;

import io.mcpbot.core.crypto.KeyRing;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code mcpbot gen-key}: prints a new random Fernet key. */
@Command(
    name = "gen-key",
    mixinStandardHelpOptions = true,
    description = {
      "Print a new random Fernet key on stdout.",
      "",
      "Use it as ENCRYPTION_KEY, or with rotate-key --new-key-env / --new-key-file."
    })
final class GenKeyCommand implements Callable<Integer> {
  @ParentCommand Main main;

  @Override
  public Integer call() {
    main.out().println(KeyRing.generateKey());
    return Main.OK;
  }
}
