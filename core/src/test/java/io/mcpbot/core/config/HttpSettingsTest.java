package io.mcpbot.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** HTTP_HOST, HTTP_PORT and PUBLIC_URL: defaults, the callback URL, problems naming the fix. */
class HttpSettingsTest {
  private static Settings load(Map<String, String> env) {
    return Settings.load(env, null);
  }

  @Test
  void defaultsListenEverywhereOn8080WithoutAPublicUrl() {
    HttpSettings http = load(Map.of()).http();
    assertThat(http).isEqualTo(HttpSettings.DEFAULTS);
    assertThat(http.callbackUrl()).isEmpty();
  }

  @Test
  void theCallbackUrlIsUnderThePublicUrlPathAndAllThreeAreShown() {
    Settings s =
        load(
            Map.of(
                "PUBLIC_URL", "https://bot.example.com/mcpbot",
                "HTTP_PORT", "0",
                "HTTP_HOST", "127.0.0.1"));
    assertThat(s.problems()).isEmpty();
    assertThat(s.http().port()).isZero();
    assertThat(s.http().host()).isEqualTo("127.0.0.1");
    assertThat(s.http().callbackUrl())
        .contains(URI.create("https://bot.example.com/mcpbot/oauth/callback"));
    assertThat(s.toString())
        .contains(
            "HTTP_HOST=127.0.0.1", "HTTP_PORT=0", "PUBLIC_URL=https://bot.example.com/mcpbot");
  }

  @Test
  void badValuesAreProblemsNamingTheFix() {
    Settings s = load(Map.of("HTTP_PORT", "70000", "PUBLIC_URL", "bot.example.com"));
    assertThat(s.problems())
        .containsExactly(
            "HTTP_PORT must be a port number 0-65535 (got '70000'); unset it for 8080",
            "PUBLIC_URL is not an http(s) URL with a host and no query: set it to the address"
                + " browsers reach this bot at, like https://bot.example.com/ (the OAuth callback"
                + " is <PUBLIC_URL>/oauth/callback), or unset it");
    assertThat(s.http()).isEqualTo(HttpSettings.DEFAULTS);
    assertThat(load(Map.of("PUBLIC_URL", "https://h/?a=b")).problems()).hasSize(1);
    assertThat(load(Map.of("HTTP_PORT", "web")).problems()).hasSize(1);
  }
}
