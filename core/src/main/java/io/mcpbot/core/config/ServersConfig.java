package io.mcpbot.core.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The servers an admin offers, read from servers_config.json ({@code {"mcpServers": {name:
 * {command, args, env, url, headers, description, required_credentials, timeouts}}}}). Loading
 * validates everything and reports ALL errors at once in a {@link ConfigException}, each naming the
 * server, the key and the fix; questionable but harmless things (unknown keys) become {@link
 * #warnings()}.
 *
 * <p>Placeholders: {@code ${user_id}} and {@code ${VAR}} in args, env values, headers and url. A
 * {@code ${VAR}} naming one of the server's credentials is filled from that user's credential; any
 * other {@code ${VAR}} is resolved from the bot's environment at spawn time, EXCEPT the bot's own
 * secrets ({@link Settings#isBotSecret}: ENCRYPTION_*, MASTER_PASSWORD, DATABASE_URL, SLACK_*,
 * *_API_KEY), which are a configuration error because servers never receive the bot's secrets.
 * Immutable and thread-safe; {@link #servers()} keeps file order.
 *
 * @param servers definitions by name, in file order
 * @param warnings non-fatal findings, each naming the server and key
 */
public record ServersConfig(Map<String, ServerDefinition> servers, List<String> warnings) {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  public ServersConfig {
    servers = Collections.unmodifiableMap(new LinkedHashMap<>(servers));
    warnings = List.copyOf(warnings);
  }

  /**
   * Reads and validates {@code file}.
   *
   * @throws ConfigException listing every problem, or if the file is missing or unreadable
   */
  public static ServersConfig load(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new ConfigException(
          List.of(
              file
                  + " not found: create it (see the README's servers_config.json section) or point"
                  + " MCP_SERVERS_CONFIG at your file"));
    } catch (IOException e) {
      throw new ConfigException(
          List.of("cannot read " + file + " (" + e.getClass().getSimpleName() + "): check it"));
    }
    return parse(
        text, file.getFileName() == null ? file.toString() : file.getFileName().toString());
  }

  /**
   * Parses and validates JSON text; {@code sourceName} prefixes every message.
   *
   * @throws ConfigException listing every problem
   */
  public static ServersConfig parse(String json, String sourceName) {
    JsonNode root = readTree(json, sourceName);
    List<String> errors = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    Map<String, ServerDefinition> servers = new LinkedHashMap<>();
    if (!root.isObject()) {
      fail(sourceName, List.of("the top level must be an object: {\"mcpServers\": {...}}"));
    }
    root.properties().stream()
        .map(Map.Entry::getKey)
        .filter(k -> !k.equals("mcpServers"))
        .forEach(k -> warnings.add("unknown top-level key \"" + k + "\" is ignored"));
    JsonNode list = root.get("mcpServers");
    if (list == null || !list.isObject()) {
      fail(
          sourceName,
          List.of(
              (list == null ? "missing \"mcpServers\"" : "\"mcpServers\" must be an object")
                  + ": write {\"mcpServers\": {\"name\": {\"command\": ...}}}"));
    }
    for (Map.Entry<String, JsonNode> e : list.properties()) {
      new ServerParser(e.getKey(), errors, warnings)
          .parse(e.getValue())
          .ifPresent(d -> servers.put(d.name(), d));
    }
    if (!errors.isEmpty()) {
      fail(sourceName, errors);
    }
    return new ServersConfig(servers, warnings.stream().map(w -> sourceName + ": " + w).toList());
  }

  /**
   * A stable JSON form of one definition (without its name): fixed key order, env and headers
   * sorted, empty parts omitted. Equal definitions give equal strings, so sync-servers can compare
   * them and the store can keep them as TEXT.
   */
  public static String toJson(ServerDefinition d) {
    try {
      return JSON.writeValueAsString(DefinitionJson.write(d));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise a JSON tree", e);
    }
  }

  /**
   * Reads a definition written by {@link #toJson} (or any single servers_config.json entry) and
   * validates it like the file.
   *
   * @throws ConfigException if it is not a valid server entry
   */
  public static ServerDefinition fromJson(String name, String json) {
    String source = "stored definition of server '" + name + "'";
    JsonNode node = readTree(json, source);
    List<String> errors = new ArrayList<>();
    var def = new ServerParser(name, errors, new ArrayList<>()).parse(node);
    if (def.isEmpty()) {
      fail(source, errors);
    }
    return def.orElseThrow();
  }

  private static JsonNode readTree(String json, String sourceName) {
    try {
      JsonNode root = JSON.readTree(json);
      if (root == null || root.isMissingNode()) {
        fail(sourceName, List.of("the file is empty: write {\"mcpServers\": {}}"));
      }
      return root;
    } catch (JsonProcessingException e) {
      JsonLocation loc = e.getLocation();
      String at =
          loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
      // Jackson quotes a bare token it cannot read; it could be a pasted secret, so drop it.
      String msg =
          e.getOriginalMessage().replaceAll("Unrecognized token '[^']*'", "Unrecognized token");
      int nl = msg.indexOf('\n');
      throw new ConfigException(
          List.of(
              sourceName
                  + ": JSON syntax error"
                  + at
                  + ": "
                  + (nl > 0 ? msg.substring(0, nl) : msg)
                  + "; fix the JSON there (often a missing comma, quote or brace)"));
    }
  }

  private static void fail(String sourceName, List<String> problems) {
    throw new ConfigException(problems.stream().map(p -> sourceName + ": " + p).toList());
  }
}
