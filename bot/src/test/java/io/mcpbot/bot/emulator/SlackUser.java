package io.mcpbot.bot.emulator;

/**
 * A user the emulator's users.info knows.
 *
 * @param teamId their team (the emulator's own {@link SlackEmulator#TEAM_ID} for members)
 * @param restricted a multi-channel guest
 * @param ultraRestricted a single-channel guest
 * @param stranger a user of an external organisation (Slack Connect)
 */
public record SlackUser(
    String id,
    String name,
    String realName,
    String displayName,
    String email,
    String teamId,
    boolean restricted,
    boolean ultraRestricted,
    boolean stranger) {

  /** A full member of the emulator's own team. */
  public SlackUser(String id, String name, String realName, String displayName, String email) {
    this(id, name, realName, displayName, email, SlackEmulator.TEAM_ID, false, false, false);
  }

  /** This user as a multi-channel guest. */
  public SlackUser asGuest() {
    return new SlackUser(id, name, realName, displayName, email, teamId, true, false, stranger);
  }

  /** This user as a single-channel guest. */
  public SlackUser asSingleChannelGuest() {
    return new SlackUser(id, name, realName, displayName, email, teamId, false, true, stranger);
  }

  /** This user as a member of another team, seen through Slack Connect. */
  public SlackUser fromTeam(String otherTeam, boolean isStranger) {
    return new SlackUser(
        id, name, realName, displayName, email, otherTeam, restricted, ultraRestricted, isStranger);
  }
}
