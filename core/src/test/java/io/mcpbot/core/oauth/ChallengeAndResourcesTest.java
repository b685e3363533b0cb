package io.mcpbot.core.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

/** WWW-Authenticate parsing, scope selection and the spec's URL arithmetic. */
class ChallengeAndResourcesTest {
  @Test
  void parsesBearerChallenges() {
    Challenge c =
        Challenge.parse(
            "Bearer error=\"insufficient_scope\", scope=\"a b\", resource_metadata=\"https://h/.well-known/oauth-protected-resource/mcp\"");
    assertThat(c.insufficientScope()).isTrue();
    assertThat(c.scopes()).containsExactly("a", "b");
    assertThat(c.resourceMetadata())
        .isEqualTo("https://h/.well-known/oauth-protected-resource/mcp");
    assertThat(Challenge.parse("Bearer realm=x, scope=solo").scopes()).containsExactly("solo");
    assertThat(Challenge.parse("Basic realm=\"x\"")).isEqualTo(Challenge.EMPTY);
    assertThat(Challenge.parse(null)).isEqualTo(Challenge.EMPTY);
    assertThat(Challenge.parse("Bearer scope=\"\"").scope()).isNull();
  }

  @Test
  void selectsScopesInTheSpecOrder() {
    List<String> none = List.of();
    assertThat(Scopes.select(List.of("c"), none, List.of("cfg"), List.of("prm"), none))
        .isEqualTo("c");
    assertThat(Scopes.select(none, none, List.of("cfg"), List.of("prm"), none)).isEqualTo("cfg");
    assertThat(Scopes.select(none, none, none, List.of("p1", "p2"), none)).isEqualTo("p1 p2");
    assertThat(Scopes.select(none, none, none, none, List.of("offline_access"))).isNull();
    assertThat(Scopes.select(none, none, none, List.of("p"), List.of("p", "offline_access")))
        .isEqualTo("p offline_access");
    assertThat(Scopes.select(List.of("w"), List.of("r"), none, none, none)).isEqualTo("r w");
  }

  @Test
  void canonicalResourceKeepsPathAndQueryDropsFragment() {
    assertThat(Resources.canonical(URI.create("HTTPS://Mcp.Example.com/v1/mcp?x=1#frag")))
        .isEqualTo("https://mcp.example.com/v1/mcp?x=1");
    assertThat(Resources.canonical(URI.create("http://h:8080/"))).isEqualTo("http://h:8080");
  }

  @Test
  void resourceMustBeTheServerOrAPrefixOfIt() {
    URI server = URI.create("https://h/u/1/mcp");
    assertThat(Resources.covers("https://h/u/1/mcp", server)).isTrue();
    assertThat(Resources.covers("https://h", server)).isTrue();
    assertThat(Resources.covers("https://H:443/u/1/", server)).isTrue();
    assertThat(Resources.covers("https://h/u/10", server)).isFalse();
    assertThat(Resources.covers("https://evil.example.com/mcp", server)).isFalse();
    assertThat(Resources.covers("http://h/u/1/mcp", server)).isFalse();
  }

  @Test
  void wellKnownLocationsInTheSpecOrder() {
    assertThat(Resources.protectedResourceUrls(URI.create("https://h/a/mcp")))
        .containsExactly(
            URI.create("https://h/.well-known/oauth-protected-resource/a/mcp"),
            URI.create("https://h/.well-known/oauth-protected-resource"));
    assertThat(Resources.authServerMetadataUrls(URI.create("https://as/tenant1")))
        .containsExactly(
            URI.create("https://as/.well-known/oauth-authorization-server/tenant1"),
            URI.create("https://as/.well-known/openid-configuration/tenant1"),
            URI.create("https://as/tenant1/.well-known/openid-configuration"));
    assertThat(Resources.authServerMetadataUrls(URI.create("https://as")))
        .containsExactly(
            URI.create("https://as/.well-known/oauth-authorization-server"),
            URI.create("https://as/.well-known/openid-configuration"));
  }
}
