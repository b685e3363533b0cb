package io.mcpbot.core.store;

import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Slack users. Obtain from {@link Store#users()}; thread-safe there. */
@RegisterConstructorMapper(User.class)
public interface Users extends SqlObject {

  @SqlQuery("SELECT " + Columns.USERS + " FROM users WHERE slack_user_id = :slackUserId")
  Optional<User> findBySlackId(String slackUserId);

  @SqlQuery("SELECT " + Columns.USERS + " FROM users WHERE id = :id")
  Optional<User> findById(long id);

  /**
   * Creates the user or refreshes its profile; null profile fields keep the stored value. Safe when
   * several threads or instances upsert the same user at once.
   */
  default User upsert(String slackUserId, UserProfile profile) {
    Objects.requireNonNull(slackUserId, "slackUserId");
    UserProfile p = profile == null ? UserProfile.empty() : profile;
    if (updateProfile(slackUserId, p) == 0) {
      boolean inserted =
          Sql.tryInsert(
              getHandle(),
              () ->
                  getHandle()
                      .createUpdate(
                          "INSERT INTO users (slack_user_id, display_name, real_name, email)"
                              + " VALUES (:slackUserId, :p.displayName, :p.realName, :p.email)")
                      .bind("slackUserId", slackUserId)
                      .bindMethods("p", p)
                      .execute());
      if (!inserted) {
        updateProfile(slackUserId, p);
      }
    }
    return findBySlackId(slackUserId).orElseThrow();
  }

  /** Sets the profile fields that are non-null; returns the rows changed (0 or 1). */
  @SqlUpdate(
      "UPDATE users SET display_name = COALESCE(:p.displayName, display_name),"
          + " real_name = COALESCE(:p.realName, real_name), email = COALESCE(:p.email, email),"
          + " updated_at = CURRENT_TIMESTAMP WHERE slack_user_id = :slackUserId")
  int updateProfile(String slackUserId, @BindMethods("p") UserProfile p);

  /** Records that the user just wrote to the bot. */
  @SqlUpdate("UPDATE users SET last_seen_at = CURRENT_TIMESTAMP WHERE id = :userId")
  boolean touchLastSeen(long userId);

  /** Marks a user active or inactive (the guide's is_active). */
  @SqlUpdate("UPDATE users SET is_active = :active, updated_at = CURRENT_TIMESTAMP WHERE id = :id")
  boolean setActive(long id, boolean active);

  /** Deletes a user and, by cascade, all of their credentials, settings and conversations. */
  @SqlUpdate("DELETE FROM users WHERE id = :id")
  boolean delete(long id);
}
