package com.continentsapi;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The arrows between components and inside them run one way (STYLE.md): security → ratelimit → problems. Inside
 * ratelimit, the façade ({@code control}) uses its sub-components ({@code redis}, {@code local}, {@code overrides},
 * {@code login}), never the other way round.
 */
class ArchitectureTest {

    static final JavaClasses APP = new ClassFileImporter().importPath(Path.of("target/classes"));

    @Test
    void noCycleBetweenComponents() {
        slices().matching("com.continentsapi.(*)..").should().beFreeOfCycles().check(APP);
    }

    @Test
    void theLimiterKnowsNothingOfWhoAuthenticatedTheCaller() {
        noClasses().that().resideInAPackage("com.continentsapi.ratelimit..")
                .should().dependOnClassesThat().resideInAPackage("com.continentsapi.security..")
                .check(APP);
    }

    @Test
    void problemsAreWrittenWithoutKnowingAnyComponent() {
        noClasses().that().resideInAPackage("com.continentsapi.problems..")
                .should().dependOnClassesThat().resideInAnyPackage("com.continentsapi.(*).boundary..",
                        "com.continentsapi.(*).control..", "com.continentsapi.(*).entity..", "com.continentsapi.security..")
                .check(APP);
    }

    @Test
    void entitiesDependOnNoControlOrBoundary() {
        noClasses().that().resideInAPackage("..entity..")
                .should().dependOnClassesThat().resideInAnyPackage("..control..", "..boundary..")
                .check(APP);
    }

    @Test
    void controlsDependOnNoBoundary() {
        noClasses().that().resideInAPackage("..control..")
                .should().dependOnClassesThat().resideInAPackage("..boundary..")
                .check(APP);
    }

    @Test
    void noCycleBetweenTheLimitersSubComponents() {
        slices().matching("com.continentsapi.ratelimit.(*)..").should().beFreeOfCycles().check(APP);
    }

    /** They decide what they are given: whose limits were overridden, or whether a login is being checked, is the façade's business. */
    @Test
    void redisAndLocalKnowNothingOfOverridesOrLogins() {
        noClasses().that().resideInAnyPackage("com.continentsapi.ratelimit.redis..", "com.continentsapi.ratelimit.local..")
                .should().dependOnClassesThat().resideInAnyPackage("com.continentsapi.ratelimit.overrides..",
                        "com.continentsapi.ratelimit.login..")
                .check(APP);
    }

    /** The façade's package, and the values it answers with (an outcome, a refusal), are the limiter's one front door. */
    @Test
    void onlyTheFacadeIsUsedFromOutsideTheLimiter() {
        noClasses().that().resideOutsideOfPackage("com.continentsapi.ratelimit..")
                .should().dependOnClassesThat(resideInAPackage("com.continentsapi.ratelimit..")
                        .and(resideInAnyPackage("com.continentsapi.ratelimit.control..", "com.continentsapi.ratelimit.entity..").negate()))
                .check(APP);
    }

    /**
     * The limiter's values stand alone; the one exception is the RFC 9457 problem a refusal carries, from
     * {@code problems}, which itself knows no component.
     */
    @Test
    void theLimitersEntitiesImportNoOtherPackageOfTheApp() {
        noClasses().that().resideInAPackage("com.continentsapi.ratelimit.entity..")
                .should().dependOnClassesThat(resideInAPackage("com.continentsapi..")
                        .and(resideInAnyPackage("com.continentsapi.ratelimit.entity..", "com.continentsapi.problems..").negate()))
                .check(APP);
    }
}
