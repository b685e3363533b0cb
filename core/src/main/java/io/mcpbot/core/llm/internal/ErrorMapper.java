package io.mcpbot.core.llm.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcpbot.core.llm.LlmConfig;
import io.mcpbot.core.llm.LlmException;
import io.mcpbot.core.llm.LlmException.Kind;
import java.io.IOException;
import java.time.Duration;

/** Builds the exact, key-free messages for every way a provider call can fail. */
final class ErrorMapper {
  private final LlmConfig config;
  private final ObjectMapper mapper;
  private final String name;

  ErrorMapper(LlmConfig config, ObjectMapper mapper) {
    this.config = config;
    this.mapper = mapper;
    this.name = config.displayName();
  }

  /** 408, 409, 429, 5xx and 529: worth another attempt. */
  static boolean isRetryable(int status) {
    return status == 408 || status == 409 || status == 429 || status >= 500;
  }

  /** A 429 that no wait fixes: the account is out of credit or past its spend cap. */
  boolean isQuotaExhausted(int status, String body) {
    if (status != 429) {
      return false;
    }
    String code = ErrorText.providerCode(mapper, body);
    return code.equals("insufficient_quota") || code.equals("enforced_spend_limit_reached");
  }

  LlmException forStatus(int status, String model, String body) {
    String said = ErrorText.providerMessage(mapper, body, config.apiKey());
    String keyVar = config.kind().keyVariable();
    return switch (status) {
      case 401 ->
          new LlmException(
              Kind.AUTH, status, name + " rejected the API key (401): check " + keyVar, null);
      case 403 ->
          new LlmException(
              Kind.AUTH,
              status,
              name
                  + " refused the request (403): "
                  + said
                  + "; check "
                  + keyVar
                  + " and what it is allowed to use",
              null);
      case 404 -> new LlmException(Kind.NOT_FOUND, status, notFound(model, said), null);
      case 429 ->
          isQuotaExhausted(status, body)
              ? new LlmException(
                  Kind.RATE_LIMITED,
                  status,
                  name
                      + ": quota exceeded (429): "
                      + said
                      + "; check the account's plan and billing",
                  null)
              : new LlmException(
                  Kind.RATE_LIMITED,
                  status,
                  name + " is rate limiting requests (429): " + said,
                  null);
      default -> {
        if (isRetryable(status)) {
          String what = status == 529 ? "is overloaded" : "is unavailable";
          yield new LlmException(
              Kind.UNAVAILABLE, status, name + " " + what + " (" + status + "): " + said, null);
        }
        yield new LlmException(
            Kind.BAD_REQUEST,
            status,
            name + " rejected the request (" + status + "): " + said,
            null);
      }
    };
  }

  private String notFound(String model, String said) {
    String message = name + ": model '" + model + "' not found (404): check LLM_MODEL";
    if (config.hasCustomBaseUrl()) {
      // On a custom server a 404 may just as well mean a wrong URL; its own words help.
      message += " and " + baseUrlVariable() + " (the server said: " + said + ")";
    }
    return message;
  }

  LlmException timeout(IOException cause) {
    return new LlmException(
        Kind.TIMEOUT,
        0,
        name
            + " did not answer within "
            + ErrorText.seconds(config.requestTimeout())
            + ": try again, or raise the LLM request timeout",
        cause);
  }

  LlmException unreachable(IOException cause) {
    String detail = cause.getMessage() == null ? "" : ": " + cause.getMessage();
    return new LlmException(
        Kind.UNAVAILABLE,
        0,
        "Could not reach "
            + name
            + " at "
            + config.baseUrl().getHost()
            + " ("
            + cause.getClass().getSimpleName()
            + detail
            + "): check "
            + baseUrlVariable()
            + " and the network",
        cause);
  }

  LlmException malformed(int status, String body, Exception cause) {
    return new LlmException(
        Kind.MALFORMED,
        status,
        name
            + " returned a response that is not valid JSON ("
            + ErrorText.snippet(body, config.apiKey())
            + ")",
        cause);
  }

  LlmException exhausted(LlmException last, int attempts, Duration elapsed, Duration refusedWait) {
    String tries = attempts == 1 ? "1 attempt" : attempts + " attempts";
    String why =
        refusedWait == null
            ? "gave up after " + tries + " in " + ErrorText.seconds(trim(elapsed))
            : "gave up after "
                + tries
                + ": the next wait ("
                + ErrorText.seconds(trim(refusedWait))
                + ") would pass the retry budget of "
                + ErrorText.seconds(config.retry().maxTotal());
    return new LlmException(
        last.kind(), last.status(), last.getMessage() + " (" + why + "); try again later", last);
  }

  /** An error event inside a stream, in the words of the same error before the stream. */
  LlmException inStream(int status, String body) {
    LlmException e = forStatus(status, config.model(), body);
    return new LlmException(
        e.kind(), status, e.getMessage() + " (the answer broke off mid-stream)", null);
  }

  /** A stream that ended or failed before the model finished its answer. */
  LlmException cutOff(String why, IOException cause) {
    return new LlmException(
        Kind.CUT_OFF, 0, "The answer from " + name + " was cut off: " + why + "; try again", cause);
  }

  LlmException cancelled(InterruptedException cause) {
    return new LlmException(
        Kind.CANCELLED,
        0,
        "Interrupted while waiting for " + name + ": the call was cancelled",
        cause);
  }

  private String baseUrlVariable() {
    return config.kind().baseUrlVariable();
  }

  private static Duration trim(Duration d) {
    return Duration.ofMillis(d.toMillis());
  }
}
