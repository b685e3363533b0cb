package io.mcpbot.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mcpbot.core.store.DatabaseUrl.Kind;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DatabaseUrlTest {

  @Test
  void unsetMeansEmbeddedH2FileUnderData() {
    DatabaseUrl url = DatabaseUrl.parse(null);
    assertThat(url.kind()).isEqualTo(Kind.H2);
    assertThat(url.jdbcUrl())
        .isEqualTo(
            "jdbc:h2:file:./data/mcpbot;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                + "DEFAULT_NULL_ORDERING=HIGH;AUTO_SERVER=TRUE");
    assertThat(url.h2MixedMode()).isTrue();
    assertThat(url.h2FileDirectory()).contains(Path.of("./data"));
    assertThat(url.user()).isEmpty();
    assertThat(DatabaseUrl.parse("   ")).isEqualTo(url);
  }

  @Test
  void dataDirectoryIsAParameter() {
    assertThat(DatabaseUrl.parse("", Path.of("/var/lib/mcpbot")).jdbcUrl())
        .startsWith("jdbc:h2:file:/var/lib/mcpbot/mcpbot;MODE=PostgreSQL;");
    assertThat(DatabaseUrl.parse(null, Path.of("state")).jdbcUrl())
        .startsWith("jdbc:h2:file:./state/mcpbot;");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "postgresql+asyncpg://bot:s3cret@db.example:5433/mcpbot",
        "postgresql://bot:s3cret@db.example:5433/mcpbot",
        "postgres://bot:s3cret@db.example:5433/mcpbot",
        "jdbc:postgresql://db.example:5433/mcpbot?user=bot&password=s3cret",
        "jdbc:postgresql://bot:s3cret@db.example:5433/mcpbot"
      })
  void everyPostgresFormGivesTheSameConnection(String raw) {
    DatabaseUrl url = DatabaseUrl.parse(raw);
    assertThat(url.kind()).isEqualTo(Kind.POSTGRESQL);
    assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example:5433/mcpbot");
    assertThat(url.user()).contains("bot");
    assertThat(url.password()).contains("s3cret");
    assertThat(url.target()).isEqualTo("db.example:5433/mcpbot");
    assertThat(url.toString()).doesNotContain("s3cret").contains("<masked>");
  }

  @Test
  void userAndPasswordAreUrlDecodedAndOtherParametersKept() {
    DatabaseUrl url =
        DatabaseUrl.parse("postgresql://us%40er:p%40ss%2Fw+rd%3A@host/db?sslmode=require");
    assertThat(url.user()).contains("us@er");
    assertThat(url.password()).contains("p@ss/w+rd:");
    assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://host/db?sslmode=require");
    assertThat(url.toString()).doesNotContain("p@ss").doesNotContain("p%40ss");
  }

  @Test
  void thePythonFormsSslParameterBecomesSslmode() {
    assertThat(
            DatabaseUrl.parse("postgresql+asyncpg://u:p@host/db?ssl=require&application_name=x")
                .jdbcUrl())
        .isEqualTo("jdbc:postgresql://host/db?sslmode=require&application_name=x");
    assertThat(DatabaseUrl.parse("postgres://u:p@host/db?ssl=verify-full").jdbcUrl())
        .isEqualTo("jdbc:postgresql://host/db?sslmode=verify-full");
    assertThat(DatabaseUrl.parse("postgresql://host/db?ssl=true").jdbcUrl())
        .isEqualTo("jdbc:postgresql://host/db?sslmode=require");
    // The JDBC form keeps the driver's own meaning.
    assertThat(DatabaseUrl.parse("jdbc:postgresql://host/db?ssl=true").jdbcUrl())
        .isEqualTo("jdbc:postgresql://host/db?ssl=true");
    assertThatThrownBy(() -> DatabaseUrl.parse("postgresql://u:Secret9@host/db?ssl=maybe"))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("ssl='maybe' is not one of")
        .hasMessageContaining("Fix DATABASE_URL")
        .hasMessageNotContaining("Secret9");
  }

  @Test
  void passwordWithUnescapedAtSignStillParses() {
    DatabaseUrl url = DatabaseUrl.parse("postgres://bot:a@b@host:5432/db");
    assertThat(url.password()).contains("a@b");
    assertThat(url.target()).isEqualTo("host:5432/db");
  }

  @Test
  void h2UrlGetsPostgresModeWhenAbsent() {
    DatabaseUrl url = DatabaseUrl.parse("jdbc:h2:mem:x");
    assertThat(url.jdbcUrl())
        .isEqualTo(
            "jdbc:h2:mem:x;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;"
                + "DB_CLOSE_ON_EXIT=FALSE");
    assertThat(url.h2MixedMode()).isFalse();
    assertThat(url.h2FileDirectory()).isEmpty();
  }

  @Test
  void h2FileUrlsShareTheFileUnlessTheyChooseOtherwise() {
    // H2 refuses DB_CLOSE_ON_EXIT=FALSE in mixed mode, so it is added only outside it.
    assertThat(DatabaseUrl.parse("jdbc:h2:file:./d/x;AUTO_SERVER=FALSE").jdbcUrl())
        .endsWith(
            ";AUTO_SERVER=FALSE;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                + "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_ON_EXIT=FALSE");
    DatabaseUrl chosen = DatabaseUrl.parse("jdbc:h2:file:./d/x;auto_server=true");
    assertThat(chosen.jdbcUrl()).doesNotContain("DB_CLOSE_ON_EXIT");
    assertThat(chosen.h2MixedMode()).isTrue();
    assertThat(DatabaseUrl.parse("jdbc:h2:mem:x;AUTO_SERVER=FALSE").h2MixedMode()).isFalse();
  }

  @Test
  void h2UrlKeepsItsOwnSettingsAndMovesCredentialsOut() {
    DatabaseUrl url =
        DatabaseUrl.parse("jdbc:h2:file:/tmp/x/db;mode=PostgreSQL;USER=sa;PASSWORD=hunter2");
    assertThat(url.jdbcUrl())
        .isEqualTo(
            "jdbc:h2:file:/tmp/x/db;mode=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                + "DEFAULT_NULL_ORDERING=HIGH;AUTO_SERVER=TRUE");
    assertThat(url.user()).contains("sa");
    assertThat(url.password()).contains("hunter2");
    assertThat(url.h2FileDirectory()).contains(Path.of("/tmp/x"));
    assertThat(url.toString()).doesNotContain("hunter2");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "mysql://root:hunter2@host/db",
        "postgresql://root:hunter2@host",
        "postgresql://root:hunter2@:5432/db",
        "postgresql://root:hunter2@host:port/db",
        "jdbc:postgresql://host/db?password=hunter2&user=x&port=abc%zz",
        "hunter2"
      })
  void badUrlsNameTheVariableAndTheFormsButNeverThePassword(String raw) {
    assertThatThrownBy(() -> DatabaseUrl.parse(raw))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("DATABASE_URL")
        .hasMessageContaining("postgresql+asyncpg://user:pass@host:5432/db")
        .message()
        .doesNotContain("hunter2");
  }

  @Test
  void maskCoversUserinfoAndParameters() {
    assertThat(DatabaseUrl.mask("postgres://u:pw@h/db?password=pw2&x=1"))
        .isEqualTo("postgres://u:<masked>@h/db?password=<masked>&x=1");
  }
}
