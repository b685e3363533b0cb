package io.mcpbot.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** ALLOWED_TEAM_IDS, ALLOWED_USER_IDS, ALLOW_GUESTS, ALLOW_EXTERNAL_USERS, turns per user. */
class AccessSettingsTest {
  private static final Map<String, String> SLACK =
      Map.of("SLACK_BOT_TOKEN", "xoxb-1", "SLACK_APP_TOKEN", "xapp-1");

  private static Settings load(Map<String, String> extra) {
    Map<String, String> env = new java.util.HashMap<>(SLACK);
    env.putAll(extra);
    return Settings.load(env, null);
  }

  @Test
  void unsetMeansNoAllowlistGuestsAndExternalUsersRefusedTwoTurns() {
    assertThat(load(Map.of()).access()).isEqualTo(AccessSettings.DEFAULTS);
    assertThat(AccessSettings.DEFAULTS.needsProfile()).isTrue();
  }

  @Test
  void listsAreCommaSeparatedAndFlagsParsed() {
    AccessSettings a =
        load(Map.of(
                "ALLOWED_TEAM_IDS", " T0123ABCD, E0ORG1234 ,",
                "ALLOWED_USER_IDS", "U0ALICE01,W0BOB0001",
                "ALLOW_GUESTS", "yes",
                "ALLOW_EXTERNAL_USERS", "1",
                "AGENT_MAX_TURNS_PER_USER", "5"))
            .access();
    assertThat(a.teamIds()).isEqualTo(Set.of("T0123ABCD", "E0ORG1234"));
    assertThat(a.userIds()).isEqualTo(Set.of("U0ALICE01", "W0BOB0001"));
    assertThat(a.allowGuests()).isTrue();
    assertThat(a.allowExternalUsers()).isTrue();
    assertThat(a.maxTurnsPerUser()).isEqualTo(5);
    assertThat(a.needsProfile()).isTrue();
    assertThat(
            load(Map.of("ALLOW_GUESTS", "true", "ALLOW_EXTERNAL_USERS", "true"))
                .access()
                .needsProfile())
        .isFalse();
  }

  @Test
  void malformedValuesAreProblemsNamingTheVariableAndTheFix() {
    Settings s =
        load(
            Map.of(
                "ALLOWED_TEAM_IDS", "T0123ABCD,acme",
                "ALLOWED_USER_IDS", "U0ALICE01,@bob",
                "ALLOW_GUESTS", "maybe",
                "ALLOW_EXTERNAL_USERS", "nope",
                "AGENT_MAX_TURNS_PER_USER", "0"));
    assertThat(s.problemValues(Need.SLACK))
        .extracting(Problem::variable)
        .containsExactly(
            "ALLOWED_TEAM_IDS",
            "ALLOWED_USER_IDS",
            "ALLOW_GUESTS",
            "ALLOW_EXTERNAL_USERS",
            "AGENT_MAX_TURNS_PER_USER");
    assertThat(s.problems(Need.SLACK))
        .anySatisfy(
            m ->
                assertThat(m)
                    .startsWith("ALLOWED_TEAM_IDS has 'acme', which is not a Slack team ID")
                    .contains("unset ALLOWED_TEAM_IDS to allow everyone"))
        .anySatisfy(
            m ->
                assertThat(m)
                    .startsWith("ALLOWED_USER_IDS has '@bob', which is not a Slack user ID")
                    .contains("Copy member ID"))
        .anySatisfy(m -> assertThat(m).startsWith("ALLOW_GUESTS must be true or false"))
        .anySatisfy(
            m ->
                assertThat(m)
                    .isEqualTo(
                        "AGENT_MAX_TURNS_PER_USER must be a whole number >= 1 (got '0'); unset it"
                            + " for the default 2"));
    assertThatThrownBy(s::access).isInstanceOf(ConfigException.class);
    // the other capabilities are not affected
    assertThat(s.problems(Need.DATABASE)).isEmpty();
  }
}
