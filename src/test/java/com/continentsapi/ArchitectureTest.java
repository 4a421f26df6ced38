package com.continentsapi;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The arrows between components and inside them run one way (STYLE.md): security → ratelimit → problems. */
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
}
