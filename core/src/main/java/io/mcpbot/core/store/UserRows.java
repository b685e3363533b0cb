package io.mcpbot.core.store;

import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The users table behind {@link UserAccounts}. */
@RegisterConstructorMapper(User.class)
interface UserRows extends UserAccounts, SqlObject {

  @Override
  @SqlQuery("SELECT " + Columns.USERS + " FROM users WHERE slack_user_id = :slackUserId")
  Optional<User> findBySlackId(String slackUserId);

  @Override
  default User upsert(String slackUserId, UserProfile profile) {
    Objects.requireNonNull(slackUserId, "slackUserId");
    UserProfile p = profile == null ? UserProfile.empty() : profile;
    Sql.upsert(getHandle(), () -> updateProfile(slackUserId, p), () -> insert(slackUserId, p));
    return findBySlackId(slackUserId).orElseThrow();
  }

  @SqlUpdate(
      "INSERT INTO users (slack_user_id, display_name, real_name, email)"
          + " VALUES (:slackUserId, :p.displayName, :p.realName, :p.email)")
  void insert(String slackUserId, @BindMethods("p") UserProfile profile);

  /** Sets the profile fields that are non-null; returns the rows changed (0 or 1). */
  @SqlUpdate(
      "UPDATE users SET display_name = COALESCE(:p.displayName, display_name),"
          + " real_name = COALESCE(:p.realName, real_name), email = COALESCE(:p.email, email),"
          + " updated_at = CURRENT_TIMESTAMP WHERE slack_user_id = :slackUserId")
  int updateProfile(String slackUserId, @BindMethods("p") UserProfile p);

  @Override
  @SqlUpdate("UPDATE users SET last_seen_at = CURRENT_TIMESTAMP WHERE id = :userId")
  boolean touchLastSeen(long userId);

  @Override
  @SqlUpdate("UPDATE users SET is_active = :active, updated_at = CURRENT_TIMESTAMP WHERE id = :id")
  boolean setActive(long id, boolean active);

  @Override
  @SqlUpdate("DELETE FROM users WHERE id = :id")
  boolean delete(long id);
}
