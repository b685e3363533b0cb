package io.mcpbot.core.config;

import java.util.Objects;
import java.util.Optional;

/**
 * The database capability: DATABASE_URL (a secret, it may hold a password; empty means the embedded
 * H2 database) and SQL_ECHO. Immutable; prints the URL as {@code <masked>}.
 *
 * @param url DATABASE_URL if set
 * @param sqlEcho SQL_ECHO, default false
 */
public record DatabaseSettings(Optional<Secret> url, boolean sqlEcho) {
  public DatabaseSettings {
    Objects.requireNonNull(url, "url");
  }
}
