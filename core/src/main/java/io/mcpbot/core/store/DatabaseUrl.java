package io.mcpbot.core.store;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed DATABASE_URL: the JDBC URL (without credentials), user and password, and what kind of
 * database it is. Immutable and thread-safe. {@link #toString()} and every error message mask the
 * password; {@code user}/{@code password} may be null.
 *
 * <p>Accepted forms: unset (embedded H2 file database under a data directory), {@code
 * postgresql+asyncpg://user:pass@host:port/db} (the Python deployment's form), {@code
 * postgresql://}, {@code postgres://}, {@code jdbc:postgresql://} and {@code jdbc:h2:}.
 */
public final class DatabaseUrl {

  /** The database engines mcpbot runs on. */
  public enum Kind {
    H2,
    POSTGRESQL
  }

  static final String ACCEPTED =
      "accepted forms: unset (embedded H2 under ./data), postgresql+asyncpg://user:pass@host:5432/db,"
          + " postgresql://user:pass@host:5432/db, postgres://..., jdbc:postgresql://host:5432/db,"
          + " jdbc:h2:file:./data/mcpbot";

  /**
   * Settings every H2 URL gets unless it sets them itself: PostgreSQL dialect, lower-case names,
   * NULLs last as in PostgreSQL.
   */
  private static final List<String> H2_DEFAULTS =
      List.of("MODE=PostgreSQL", "DATABASE_TO_LOWER=TRUE", "DEFAULT_NULL_ORDERING=HIGH");

  /**
   * File databases are opened in H2's mixed mode: the first process serves the file to the others
   * over a local TCP port it writes into the lock file, so admin commands work while {@code mcpbot
   * run} holds it. H2 refuses DB_CLOSE_ON_EXIT=FALSE with it; {@link Database} keeps H2's shutdown
   * hook from closing the database instead.
   */
  private static final String MIXED_MODE = "AUTO_SERVER=TRUE";

  /**
   * Other H2 databases (in memory) are not closed by H2's own shutdown hook: on SIGTERM it would
   * close the database under the turns {@code mcpbot run} lets finish; the pool is closed
   * explicitly instead.
   */
  private static final String KEEP_OPEN_AT_EXIT = "DB_CLOSE_ON_EXIT=FALSE";

  private static final Pattern PG_SCHEME =
      Pattern.compile("^(postgresql\\+asyncpg|postgresql|postgres|jdbc:postgresql)://(.*)$");
  private static final Pattern USERINFO_SECRET = Pattern.compile("(://[^/@:]*:)[^@]*@");
  private static final Pattern PARAM_SECRET = Pattern.compile("(?i)((?:^|[?&;])password=)[^&;]*");

  private final Kind kind;
  private final String jdbcUrl;
  private final Login login;
  private final String target;
  private final Path h2FileDirectory;

  /**
   * The user and password, which the URL always gives (or omits) together; either may be null.
   * {@link #toString()} masks the password.
   */
  private record Login(String user, String password) {
    @Override
    public String toString() {
      return (user == null ? "" : " user=" + user) + (password == null ? "" : " password=<masked>");
    }
  }

  private DatabaseUrl(Kind kind, String jdbcUrl, Login login, String target, Path h2FileDir) {
    this.kind = kind;
    this.jdbcUrl = jdbcUrl;
    this.login = login;
    this.target = target;
    this.h2FileDirectory = h2FileDir;
  }

  /** The default: an embedded H2 file database {@code mcpbot} in {@code dataDir}. */
  public static DatabaseUrl embedded(Path dataDir) {
    Objects.requireNonNull(dataDir, "dataDir");
    String dir = dataDir.toString().replace('\\', '/');
    // H2 2.x rejects implicitly relative paths, so "data" must be written "./data".
    if (!dataDir.isAbsolute() && !dir.startsWith(".")) {
      dir = "./" + dir;
    }
    String file = dir.endsWith("/") ? dir + "mcpbot" : dir + "/mcpbot";
    String url = "jdbc:h2:file:" + file + ";" + String.join(";", H2_DEFAULTS) + ";" + MIXED_MODE;
    return new DatabaseUrl(Kind.H2, url, new Login(null, null), "H2 file " + file, dataDir);
  }

  /**
   * Parses DATABASE_URL; null or blank means {@link #embedded(Path)} in {@code dataDir}.
   *
   * @throws StoreException naming DATABASE_URL and the accepted forms (password masked)
   */
  public static DatabaseUrl parse(String raw, Path dataDir) {
    if (raw == null || raw.isBlank()) {
      return embedded(dataDir);
    }
    String url = raw.strip();
    if (url.regionMatches(true, 0, "jdbc:h2:", 0, 8)) {
      return h2(url);
    }
    Matcher m = PG_SCHEME.matcher(url);
    if (!m.matches()) {
      // Echo only the scheme: an unrecognised string might be anything, even a bare password.
      int sep = url.indexOf("://");
      String scheme = sep > 0 ? url.substring(0, sep) + "://" : "(no scheme)";
      throw new StoreException(
          "Invalid DATABASE_URL: unsupported scheme " + scheme + ". Fix DATABASE_URL; " + ACCEPTED);
    }
    return postgres(url, m.group(2), !m.group(1).startsWith("jdbc:"));
  }

  /** Parses DATABASE_URL with the default data directory {@code ./data}. */
  public static DatabaseUrl parse(String raw) {
    return parse(raw, Path.of("./data"));
  }

  private static DatabaseUrl h2(String url) {
    String[] parts = url.split(";");
    List<String> settings = new ArrayList<>(List.of(parts).subList(1, parts.length));
    String user = null;
    String password = null;
    List<String> kept = new ArrayList<>();
    for (String s : settings) {
      String key = s.contains("=") ? s.substring(0, s.indexOf('=')).strip() : s.strip();
      String value = s.contains("=") ? s.substring(s.indexOf('=') + 1) : "";
      switch (key.toUpperCase(Locale.ROOT)) {
        case "USER" -> user = value;
        case "PASSWORD" -> password = value;
        case "" -> {}
        default -> kept.add(s);
      }
    }
    String location = parts[0].substring("jdbc:h2:".length());
    List<String> defaults = new ArrayList<>(H2_DEFAULTS);
    boolean choosesMode = kept.stream().anyMatch(s -> setting(s).equals("AUTO_SERVER"));
    if (location.startsWith("file:") && !choosesMode) {
      defaults.add(MIXED_MODE);
    } else if (kept.stream().noneMatch(s -> s.strip().equalsIgnoreCase(MIXED_MODE))) {
      defaults.add(KEEP_OPEN_AT_EXIT);
    }
    for (String d : defaults) {
      String key = setting(d);
      if (kept.stream().noneMatch(s -> setting(s).equals(key))) {
        kept.add(d);
      }
    }
    if (location.isBlank()) {
      throw invalid(url, "no H2 database name after jdbc:h2:");
    }
    Path dir = null;
    if (location.startsWith("file:")) {
      Path file = Path.of(location.substring(5));
      dir = file.getParent();
    }
    String jdbc = parts[0] + ";" + String.join(";", kept);
    return new DatabaseUrl(Kind.H2, jdbc, new Login(user, password), "H2 " + location, dir);
  }

  private static String setting(String keyValue) {
    int eq = keyValue.indexOf('=');
    return (eq < 0 ? keyValue : keyValue.substring(0, eq)).strip().toUpperCase(Locale.ROOT);
  }

  private static DatabaseUrl postgres(String raw, String rest, boolean pythonForm) {
    String query = "";
    int q = rest.indexOf('?');
    if (q >= 0) {
      query = rest.substring(q + 1);
      rest = rest.substring(0, q);
    }
    String user = null;
    String password = null;
    int at = rest.lastIndexOf('@');
    if (at >= 0) {
      String userInfo = rest.substring(0, at);
      rest = rest.substring(at + 1);
      int colon = userInfo.indexOf(':');
      user = decode(colon >= 0 ? userInfo.substring(0, colon) : userInfo, raw);
      password = colon >= 0 ? decode(userInfo.substring(colon + 1), raw) : null;
    }
    int slash = rest.indexOf('/');
    String hostPort = slash >= 0 ? rest.substring(0, slash) : rest;
    String db = slash >= 0 ? decode(rest.substring(slash + 1), raw) : "";
    if (hostPort.isBlank() || hostPort.startsWith(":")) {
      throw invalid(raw, "no host");
    }
    if (db.isBlank() || db.contains("/")) {
      throw invalid(raw, "no database name after the host (…/dbname)");
    }
    int portSep = hostPort.lastIndexOf(':');
    if (portSep >= 0 && !hostPort.endsWith("]")) {
      String port = hostPort.substring(portSep + 1);
      if (!port.matches("\\d{1,5}") || Integer.parseInt(port) > 65535) {
        throw invalid(raw, "port '" + port + "' is not a number between 1 and 65535");
      }
    }
    List<String> params = new ArrayList<>();
    for (String p : query.split("&")) {
      if (p.isEmpty()) {
        continue;
      }
      String key = p.contains("=") ? p.substring(0, p.indexOf('=')) : p;
      String value = p.contains("=") ? decode(p.substring(p.indexOf('=') + 1), raw) : "";
      switch (key.toLowerCase(Locale.ROOT)) {
        case "user" -> user = value;
        case "password" -> password = value;
        case "ssl" -> params.add(pythonForm ? sslMode(value, raw) : p);
        default -> params.add(p);
      }
    }
    String jdbc =
        "jdbc:postgresql://"
            + hostPort
            + "/"
            + rest.substring(slash + 1)
            + (params.isEmpty() ? "" : "?" + String.join("&", params));
    return new DatabaseUrl(
        Kind.POSTGRESQL, jdbc, new Login(user, password), hostPort + "/" + db, null);
  }

  /**
   * The Python bot's URLs say {@code ?ssl=require} (asyncpg); the PostgreSQL JDBC driver reads
   * {@code ssl} as a boolean, so "require" would silently mean no TLS. Translate to {@code
   * sslmode}.
   */
  private static String sslMode(String value, String raw) {
    String v = value.strip().toLowerCase(Locale.ROOT);
    return switch (v) {
      case "disable", "allow", "prefer", "require", "verify-ca", "verify-full" -> "sslmode=" + v;
      case "true" -> "sslmode=require";
      case "false" -> "sslmode=disable";
      default ->
          throw invalid(
              raw,
              "ssl='"
                  + value
                  + "' is not one of disable, allow, prefer, require, verify-ca, verify-full");
    };
  }

  private static String decode(String s, String raw) {
    try {
      return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw invalid(raw, "bad %-escape in the URL");
    }
  }

  private static StoreException invalid(String raw, String why) {
    return new StoreException(
        "Invalid DATABASE_URL '" + mask(raw) + "': " + why + ". Fix DATABASE_URL; " + ACCEPTED);
  }

  /** Replaces any password in a database URL (userinfo or password= parameter) with a mask. */
  static String mask(String url) {
    String s = USERINFO_SECRET.matcher(url).replaceAll("$1<masked>@");
    return PARAM_SECRET.matcher(s).replaceAll("$1<masked>");
  }

  /** Which engine this URL talks to. */
  public Kind kind() {
    return kind;
  }

  /** The JDBC URL, never containing the user or password. */
  public String jdbcUrl() {
    return jdbcUrl;
  }

  /** The user, if the URL names one. */
  public Optional<String> user() {
    return Optional.ofNullable(login.user());
  }

  /** The password, if the URL has one. Never log it. */
  public Optional<String> password() {
    return Optional.ofNullable(login.password());
  }

  /** Where it points, for messages: {@code host:port/db} or {@code H2 file ./data/mcpbot}. */
  public String target() {
    return target;
  }

  /** Whether this is an H2 database opened in mixed mode (AUTO_SERVER=TRUE). */
  boolean h2MixedMode() {
    return kind == Kind.H2
        && List.of(jdbcUrl.split(";")).stream()
            .anyMatch(s -> s.strip().equalsIgnoreCase(MIXED_MODE));
  }

  /** For H2 file databases, the directory to create before first use. */
  public Optional<Path> h2FileDirectory() {
    return Optional.ofNullable(h2FileDirectory);
  }

  @Override
  public String toString() {
    return jdbcUrl + login;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DatabaseUrl d && d.jdbcUrl.equals(jdbcUrl) && d.login.equals(login);
  }

  @Override
  public int hashCode() {
    return Objects.hash(jdbcUrl, login);
  }
}
