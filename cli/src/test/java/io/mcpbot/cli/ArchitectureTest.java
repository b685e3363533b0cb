package io.mcpbot.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.net.URL;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The seams between packages, checked by {@code mvn verify} over the main code of core, bot and cli
 * (cli's test classpath is the one that sees all three). We chose ArchUnit over module-info.java
 * because our dependencies fight JPMS: see the README's design decisions.
 */
class ArchitectureTest {

  /**
   * The main classes of the three modules, read from where their classes were loaded (the modules'
   * target/classes or jars); tests are not in those locations.
   */
  private static final JavaClasses MAIN =
      new ClassFileImporter()
          .importUrls(
              List.of(
                  codeSource(io.mcpbot.core.store.Store.class),
                  codeSource(io.mcpbot.bot.SlackBot.class),
                  codeSource(Main.class)));

  private static URL codeSource(Class<?> type) {
    return type.getProtectionDomain().getCodeSource().getLocation();
  }

  private static final String[] PERSISTENCE = {
    "org.jdbi..", "org.flywaydb..", "com.zaxxer.hikari..", "org.h2..", "org.postgresql.."
  };

  private static final String[] JDBC_AND_PERSISTENCE =
      Stream.concat(Stream.of("java.sql..", "javax.sql.."), Stream.of(PERSISTENCE))
          .toArray(String[]::new);

  @Test
  void theImportSeesAllThreeModules() {
    // a rule over an empty import passes vacuously; make sure each module was found
    for (String module : new String[] {"io.mcpbot.core.store", "io.mcpbot.bot", "io.mcpbot.cli"}) {
      if (!MAIN.containPackage(module)) {
        throw new AssertionError("no main classes imported from " + module);
      }
    }
  }

  @Test
  void internalPackagesAreUsedOnlyFromTheirParentPackageTree() {
    classes()
        .should(onlyBeUsedFromTheParentOfTheirInternalPackage())
        .because("an internal package is its parent package's private business")
        .check(MAIN);
  }

  @Test
  void coreDependsOnNoAdapterAndNoLoggingBackend() {
    noClasses()
        .that()
        .resideInAPackage("io.mcpbot.core..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.mcpbot.bot..", "io.mcpbot.cli..", "com.slack..", "picocli..", "ch.qos.logback..")
        .because("core is the library; Slack, the command line and logging backends plug in")
        .check(MAIN);
  }

  @Test
  void onlyTheStoreTouchesJdbcAndPersistenceLibraries() {
    noClasses()
        .that()
        .resideOutsideOfPackage("io.mcpbot.core.store..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(JDBC_AND_PERSISTENCE)
        .because("the store is the one owner of the database")
        .check(MAIN);
  }

  @Test
  void theStoresPublicFaceShowsNoPersistenceType() {
    classes()
        .that()
        .resideInAPackage("io.mcpbot.core.store..")
        .and()
        .arePublic()
        .should(exposeNoPublicMemberTypedIn(JDBC_AND_PERSISTENCE))
        .because("callers see Store's views, never a Jdbi handle, a connection, Flyway or Hikari")
        .check(MAIN);
    classes()
        .that()
        .resideInAPackage("io.mcpbot.core.store..")
        .and()
        .areAssignableTo("org.jdbi.v3.sqlobject.SqlObject")
        .should()
        .notBePublic()
        .because("repositories are package-private behind Store")
        .check(MAIN);
  }

  @Test
  void configDoesNotDependOnTheStore() {
    noClasses()
        .that()
        .resideInAPackage("io.mcpbot.core.config..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.mcpbot.core.store..")
        .check(MAIN);
  }

  @Test
  void cryptoDoesNotDependOnConfig() {
    noClasses()
        .that()
        .resideInAPackage("io.mcpbot.core.crypto..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.mcpbot.core.config..")
        .check(MAIN);
  }

  @Test
  void theBotDoesNotDependOnTheCli() {
    noClasses()
        .that()
        .resideInAPackage("io.mcpbot.bot..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.mcpbot.cli..")
        .check(MAIN);
  }

  @Test
  void theSandboxShowsOnlyItsSandboxTypes() {
    classes()
        .that()
        .resideInAPackage("io.mcpbot.core.mcp.sandbox")
        .and()
        .areTopLevelClasses()
        .and()
        .haveSimpleNameNotStartingWith("Sandbox")
        .should()
        .notBePublic()
        .because("bwrap arguments, probing and command paths are the sandbox's own business")
        .check(MAIN);
  }

  @Test
  void noTwoPackagesNameAClassAlike() {
    classes()
        .that()
        .areTopLevelClasses()
        .and()
        .doNotHaveSimpleName("package-info")
        .should(haveASimpleNameNoOtherPackageUses())
        .because("a name says one thing: Users, Progress or ServerStatus twice meant two things")
        .check(MAIN);
  }

  /** For a class in {@code a.b.internal.c}, every user must reside in {@code a.b} or below. */
  private static ArchCondition<JavaClass> onlyBeUsedFromTheParentOfTheirInternalPackage() {
    return new ArchCondition<>("only be used from the parent of their internal package") {
      @Override
      public void check(JavaClass target, ConditionEvents events) {
        String pkg = target.getPackageName();
        int at = (pkg + ".").indexOf(".internal.");
        if (at < 0) {
          return;
        }
        String parent = pkg.substring(0, at);
        for (Dependency d : target.getDirectDependenciesToSelf()) {
          String origin = d.getOriginClass().getPackageName();
          if (!origin.equals(parent) && !origin.startsWith(parent + ".")) {
            events.add(SimpleConditionEvent.violated(d, d.getDescription()));
          }
        }
      }
    };
  }

  /** No public method, constructor or field of the class has a parameter or type from there. */
  private static ArchCondition<JavaClass> exposeNoPublicMemberTypedIn(String... packages) {
    return new ArchCondition<>("expose no public member typed in " + String.join(", ", packages)) {
      @Override
      public void check(JavaClass c, ConditionEvents events) {
        for (JavaClass outer = c; outer != null; outer = outer.getEnclosingClass().orElse(null)) {
          if (!outer.getModifiers().contains(JavaModifier.PUBLIC)) {
            return; // a member of a package-private type is out of reach whatever its modifier
          }
        }
        for (JavaCodeUnit unit : c.getCodeUnits()) {
          if (!unit.getModifiers().contains(JavaModifier.PUBLIC)) {
            continue;
          }
          Set<JavaClass> types = new java.util.HashSet<>(unit.getRawParameterTypes());
          types.add(unit.getRawReturnType());
          types.stream()
              .filter(t -> inAny(t, packages))
              .forEach(
                  t ->
                      events.add(
                          SimpleConditionEvent.violated(
                              unit, unit.getFullName() + " exposes " + t.getName())));
        }
        c.getFields().stream()
            .filter(f -> f.getModifiers().contains(JavaModifier.PUBLIC))
            .filter(f -> inAny(f.getRawType(), packages))
            .forEach(f -> events.add(SimpleConditionEvent.violated(f, f.getFullName())));
      }
    };
  }

  private static boolean inAny(JavaClass type, String... packages) {
    for (String p : packages) {
      String prefix = p.substring(0, p.length() - 2);
      if (type.getPackageName().equals(prefix) || type.getPackageName().startsWith(prefix + ".")) {
        return true;
      }
    }
    return false;
  }

  /** Unique simple names among the checked classes, and none that shadows a java.lang class. */
  private static ArchCondition<JavaClass> haveASimpleNameNoOtherPackageUses() {
    return new ArchCondition<>("have a simple name no other package uses") {
      private final Map<String, Set<String>> packagesByName = new HashMap<>();

      @Override
      public void init(Collection<JavaClass> all) {
        for (JavaClass c : all) {
          packagesByName
              .computeIfAbsent(c.getSimpleName(), n -> new TreeSet<>())
              .add(c.getPackageName());
        }
      }

      @Override
      public void check(JavaClass c, ConditionEvents events) {
        Set<String> packages = packagesByName.get(c.getSimpleName());
        if (packages.size() > 1) {
          events.add(
              SimpleConditionEvent.violated(
                  c, c.getName() + " shares its simple name with classes in " + packages));
        }
        if (shadowsJavaLang(c.getSimpleName())) {
          events.add(SimpleConditionEvent.violated(c, c.getName() + " shadows java.lang's class"));
        }
      }
    };
  }

  private static boolean shadowsJavaLang(String simpleName) {
    try {
      Class.forName("java.lang." + simpleName, false, ClassLoader.getPlatformClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }
}
