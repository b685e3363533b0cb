package io.mcpbot.core.config;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcpbot.core.mcp.sandbox.SandboxLimits;
import io.mcpbot.core.mcp.sandbox.SandboxPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes a definition in the servers_config.json entry form with a fixed key order, maps sorted and
 * defaults omitted, so equal definitions give equal text. Stateless and thread-safe.
 */
final class DefinitionJson {
  private static final long MIB = 1024L * 1024;

  private DefinitionJson() {}

  static ObjectNode write(ServerDefinition d) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    switch (d) {
      case StdioServer s -> {
        o.put("command", s.command());
        strings(o, "args", s.args());
        map(o, "env", s.env());
      }
      case RemoteServer h -> {
        o.put("url", h.url());
        map(o, "headers", h.headers());
        if (h.transport() != RemoteTransport.AUTO) {
          o.put("transport", RemoteKeys.name(h.transport()));
        }
        if (h.oauth() != null) {
          ObjectNode a = o.putObject("oauth").put("client_id", h.oauth().clientId());
          if (h.oauth().clientSecretVariable() != null) {
            a.put("client_secret_env", h.oauth().clientSecretVariable());
          }
          strings(a, "scopes", h.oauth().scopes());
        }
      }
    }
    ServerOptions opt = d.options();
    if (!opt.description().isEmpty()) {
      o.put("description", opt.description());
    }
    if (!opt.requiredCredentials().isEmpty()) {
      ArrayNode creds = o.putArray("required_credentials");
      for (CredentialSpec c : opt.requiredCredentials()) {
        ObjectNode co = creds.addObject();
        co.put("type", c.type()).put("name", c.name());
        if (!c.description().isEmpty()) {
          co.put("description", c.description());
        }
        co.put("env_var", c.envVar()).put("required", c.required());
        c.validation().ifPresent(p -> co.put("validation_regex", p.pattern()));
      }
    }
    if (opt.initTimeout() != null || opt.callTimeout() != null || opt.listTimeout() != null) {
      ObjectNode t = o.putObject("timeouts");
      seconds(t, "initialize_seconds", opt.initTimeout());
      seconds(t, "call_seconds", opt.callTimeout());
      seconds(t, "list_seconds", opt.listTimeout());
    }
    strings(o, "bot_env", opt.botEnv());
    if (opt.allowedUsers() != null) {
      strings(o.putArray("allowed_users"), opt.allowedUsers());
    }
    ApprovalPolicy approval = opt.approval();
    if (approval.mode() != ApprovalPolicy.DEFAULT.mode()) {
      o.put("approval", ApprovalKeys.name(approval.mode()));
    }
    strings(o, "safe_tools", approval.safeTools());
    if (d instanceof StdioServer s
        && (s.sandboxRequired() || !s.sandbox().equals(SandboxPolicy.DEFAULT))) {
      sandbox(o.putObject("sandbox"), s.sandbox(), s.sandboxRequired());
    }
    return o;
  }

  private static void sandbox(ObjectNode o, SandboxPolicy p, boolean required) {
    if (required) {
      o.put("required", true);
    }
    if (!p.network()) {
      o.put("network", false);
    }
    strings(o, "read_only", p.readOnly());
    strings(o, "writable", p.writable());
    SandboxLimits l = p.limits();
    SandboxLimits d = SandboxLimits.DEFAULTS;
    if (l.memoryBytes() != d.memoryBytes()) {
      o.put("memory_mb", l.memoryBytes() / MIB);
    }
    if (l.processes() != d.processes()) {
      o.put("processes", l.processes());
    }
    if (l.openFiles() != d.openFiles()) {
      o.put("open_files", l.openFiles());
    }
    if (l.fileSizeBytes() != d.fileSizeBytes()) {
      o.put("file_size_mb", l.fileSizeBytes() / MIB);
    }
  }

  private static void strings(ObjectNode o, String key, List<String> values) {
    if (!values.isEmpty()) {
      strings(o.putArray(key), values);
    }
  }

  private static void strings(ArrayNode a, List<String> values) {
    values.forEach(a::add);
  }

  private static void map(ObjectNode o, String key, Map<String, String> values) {
    if (!values.isEmpty()) {
      ObjectNode m = o.putObject(key);
      new TreeMap<>(values).forEach(m::put);
    }
  }

  private static void seconds(ObjectNode t, String key, Duration d) {
    if (d != null) {
      if (d.toMillis() % 1000 == 0) {
        t.put(key, d.toSeconds());
      } else {
        t.put(key, d.toMillis() / 1000.0);
      }
    }
  }
}
