package org.warmupbot.core.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The core is platform-neutral: adapters depend on it, never the other way. */
final class CoreKnowsNoPlatformTest {
  private final JavaClasses core =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("org.warmupbot.core");

  @Test
  void coreImportsNeitherJdaNorBolt() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("net.dv8tion..", "com.slack..", "org.warmupbot.discord..", "org.warmupbot.slack..")
        .check(core);
  }

  @Test
  void coreDoesNotReachIntoStoresOrTheLauncher() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.warmupbot.store..", "org.warmupbot.launcher..", "java.sql..")
        .check(core);
  }
}
