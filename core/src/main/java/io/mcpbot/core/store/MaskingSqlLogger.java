package io.mcpbot.core.store;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.jdbi.v3.core.statement.ParsedParameters;
import org.jdbi.v3.core.statement.SqlLogger;
import org.jdbi.v3.core.statement.StatementContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SQL_ECHO: logs each statement and its bound values at INFO. Values bound under a name that looks
 * like a credential (containing value, token, secret, password or encrypted) or an OAuth browser
 * binding print as {@code <masked>}; repositories bind every credential column under such a name.
 * Server definitions ({@code definition...}) are masked too: an admin may have pasted a literal
 * secret into an env value or URL of servers_config.json. Message content is masked as well ({@code
 * content}, {@code toolCalls}, {@code errorMessage}, {@code arguments}): user text, model answers,
 * tool arguments and results are the users' own data, not the operator's to read in a log.
 * Positional values are all masked because they carry no name to judge by. Thread-safe.
 */
final class MaskingSqlLogger implements SqlLogger {
  static final Logger LOG = LoggerFactory.getLogger("io.mcpbot.core.store.sql");
  private static final Pattern SECRET_NAME =
      Pattern.compile(
          "(?i).*(value|token|secret|password|encrypted|expected|replacement|binding|definition"
              + "|content|toolcalls|errormessage|arguments).*");

  @Override
  public void logBeforeExecution(StatementContext ctx) {
    if (!LOG.isInfoEnabled()) {
      return;
    }
    LOG.info("SQL: {} {}", ctx.getRenderedSql().strip().replaceAll("\\s+", " "), bindings(ctx));
  }

  static String bindings(StatementContext ctx) {
    ParsedParameters params = ctx.getParsedSql().getParameters();
    if (params.getParameterCount() == 0) {
      return "";
    }
    if (params.isPositional()) {
      return IntStream.range(0, params.getParameterCount())
          .mapToObj(i -> "?" + (i + 1) + "=<masked>")
          .collect(Collectors.joining(", ", "[", "]"));
    }
    List<String> names = params.getParameterNames();
    return names.stream()
        .distinct()
        .map(n -> n + "=" + (SECRET_NAME.matcher(n).matches() ? "<masked>" : value(ctx, n)))
        .collect(Collectors.joining(", ", "[", "]"));
  }

  private static String value(StatementContext ctx, String name) {
    return ctx.getBinding().findForName(name, ctx).map(String::valueOf).orElse("?");
  }
}
