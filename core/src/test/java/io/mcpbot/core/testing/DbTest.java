package io.mcpbot.core.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.ArgumentsProvider;
import org.junit.jupiter.params.provider.ArgumentsSource;
import org.junit.jupiter.params.support.ParameterDeclarations;

/**
 * Runs a test method once on H2 and once on PostgreSQL, each time with a fresh migrated {@link
 * TestDb} as its single parameter, closed after the run:
 *
 * <pre>{@code
 * @DbTest
 * void storesUsers(TestDb db) { db.store().users().upsert("U1", UserProfile.empty()); ... }
 * }</pre>
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@ParameterizedTest(name = "[{0}]")
@ArgumentsSource(DbTest.Provider.class)
public @interface DbTest {

  /** Supplies one {@link TestDb} per engine, created lazily as each invocation starts. */
  final class Provider implements ArgumentsProvider {
    @Override
    public Stream<? extends Arguments> provideArguments(
        ParameterDeclarations parameters, ExtensionContext context) {
      return TestDatabases.engines().map(e -> Arguments.of(TestDatabases.migrated(e)));
    }
  }
}
