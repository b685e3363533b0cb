package io.mcpbot.core.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The page a URL-mode elicitation names is shown by its host; a missing or broken URL by none. */
class ElicitationRequestTest {
  private static ElicitationRequest url(String url) {
    return new ElicitationRequest(
        "github", ElicitationRequest.Mode.URL, "Sign in", null, url, "e1");
  }

  @Test
  void theHostOfTheUrl() {
    assertThat(url("https://example.com:8443/consent?x=1").urlHost()).contains("example.com");
  }

  @Test
  void noHostWithoutAUsableUrl() {
    assertThat(url(null).urlHost()).isEmpty();
    assertThat(url("not a url").urlHost()).isEmpty();
    assertThat(url("mailto:someone@example.com").urlHost()).isEmpty();
  }
}
