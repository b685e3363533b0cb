package io.mcpbot.core.config;

import io.mcpbot.core.Require;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One credential a server needs from each user, as declared under {@code required_credentials} in
 * servers_config.json. Immutable and thread-safe; {@code validationRegex} may be null.
 *
 * @param type one of api_key, oauth_token, username, password, url, database, generic
 * @param name the credential's name, unique within its server
 * @param description what the user is asked for
 * @param envVar the environment variable (and {@code ${VAR}} placeholder) the value fills
 * @param required whether the server cannot start without it
 * @param validationRegex full-match pattern a submitted value must satisfy, or null
 */
public record CredentialSpec(
    String type,
    String name,
    String description,
    String envVar,
    boolean required,
    Pattern validationRegex) {

  public CredentialSpec {
    Require.nonNull("type, name, envVar", type, name, envVar);
    description = description == null ? "" : description;
  }

  /** The validation pattern, if one is configured. */
  public Optional<Pattern> validation() {
    return Optional.ofNullable(validationRegex);
  }

  /** True when {@code value} satisfies the validation pattern as a full match (or none is set). */
  public boolean accepts(String value) {
    return value != null && (validationRegex == null || validationRegex.matcher(value).matches());
  }
}
