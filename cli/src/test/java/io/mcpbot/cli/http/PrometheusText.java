package io.mcpbot.cli.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A scrape of {@code /metrics} parsed by the Prometheus project's Python parser (Debian package
 * python3-prometheus-client, installed by .ci/run): a parse error fails the test. Immutable.
 */
public record PrometheusText(JsonNode samples) {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  /** GETs {@code http://127.0.0.1:port/path}; returns status and body. */
  public static HttpResponse<String> get(int port, String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Scrapes and parses; throws when the endpoint or the parser refuses. */
  public static PrometheusText scrape(int port) throws Exception {
    HttpResponse<String> r = get(port, "/metrics");
    if (r.statusCode() != 200) {
      throw new IllegalStateException("/metrics answered " + r.statusCode());
    }
    return parse(r.body());
  }

  static PrometheusText parse(String text) throws IOException, InterruptedException {
    Path script = Files.createTempFile("prom_parse", ".py");
    try (var in = PrometheusText.class.getResourceAsStream("/prom_parse.py")) {
      Files.write(script, in.readAllBytes());
    }
    String python =
        Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    Process p = new ProcessBuilder(python, script.toString()).redirectErrorStream(false).start();
    p.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(30, TimeUnit.SECONDS);
    Files.deleteIfExists(script);
    if (p.exitValue() != 0) {
      throw new IllegalStateException("the Prometheus parser refused the scrape: " + err);
    }
    return new PrometheusText(new ObjectMapper().readTree(out));
  }

  /** The sum of every sample named {@code name} whose labels include {@code labels}. */
  public double value(String name, Map<String, String> labels) {
    double sum = 0;
    for (JsonNode s : samples) {
      if (!s.get("name").asText().equals(name)) {
        continue;
      }
      boolean match =
          labels.entrySet().stream()
              .allMatch(
                  e ->
                      s.get("labels").has(e.getKey())
                          && s.get("labels").get(e.getKey()).asText().equals(e.getValue()));
      if (match) {
        sum += s.get("value").asDouble();
      }
    }
    return sum;
  }

  /** Every label name used by any sample. */
  public java.util.Set<String> labelNames() {
    java.util.Set<String> names = new java.util.TreeSet<>();
    samples.forEach(s -> s.get("labels").fieldNames().forEachRemaining(names::add));
    return names;
  }
}
