package com.continentsapi.operations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What can be checked of the image without a Docker engine, after package (hence an IT): the Dockerfile copies
 * files the build produced and .dockerignore lets through, on the Payara Micro version the tests ran on. The recipe
 * that builds those files: ImageRecipeIT.
 */
class DockerfileIT {

    static final Path PROJECT = Path.of(System.getProperty("stack.basedir", "."));
    static final Pattern BASE_IMAGE = Pattern.compile("payara/micro:(.+)-jdk21");

    @Test
    void everyCopiedFileExistsAfterPackageAndIsSentToTheBuild() throws IOException {
        List<String> sources = copySources(dockerfile());
        List<String> dockerignore = Files.readAllLines(PROJECT.resolve(".dockerignore"));

        assertFalse(sources.isEmpty());
        for (String source : sources) {
            assertTrue(Files.isRegularFile(PROJECT.resolve(source)), source + " does not exist after package");
            assertTrue(dockerignore.contains("!" + source), ".dockerignore keeps " + source + " out of the build context");
        }
        assertTrue(sources.containsAll(List.of("target/continents.war", "target/server-lib/mysql-connector-j.jar",
                "server-config/payara-micro/pre-boot-commands.asadmin", "server-config/payara-micro/post-boot-commands.asadmin")), sources.toString());
    }

    /** What GracefulShutdownIT proved: a grace period, and Hazelcast kept until Payara stops it. */
    @Test
    void theServerStopsGracefully() throws IOException {
        List<String> cmd = instructions(dockerfile(), "CMD");

        assertEquals(1, cmd.size(), cmd.toString());
        assertTrue(cmd.getFirst().contains("\"--shutdowngrace\", \"20000\""), cmd.getFirst());
        assertTrue(instructions(dockerfile(), "ENV").contains("JVM_ARGS=\"${JVM_ARGS} -Dhazelcast.shutdownhook.enabled=false\""),
                instructions(dockerfile(), "ENV").toString());
    }

    /** The base image sets JVM_ARGS itself (-Djdk.util.zip.disableZip64ExtraFieldValidation=true today): replacing it would drop that. */
    @Test
    void jvmArgsAppendToTheBaseImagesValue() throws IOException {
        List<String> jvmArgs = instructions(dockerfile(), "ENV").stream().filter(env -> env.startsWith("JVM_ARGS")).toList();

        assertEquals(1, jvmArgs.size(), jvmArgs.toString());
        assertTrue(jvmArgs.getFirst().startsWith("JVM_ARGS=\"${JVM_ARGS} "), jvmArgs.getFirst());
    }

    /** The base image's entrypoint.sh runs "exec java ... -jar payara-micro.jar", without tini: the comment must say so. */
    @Test
    void theCommentsDescribeTheEntrypointAsItIs() throws IOException {
        String comments = Files.readAllLines(PROJECT.resolve("Dockerfile")).stream()
                .map(String::strip).filter(line -> line.startsWith("#")).reduce("", (all, line) -> all + " " + line.substring(1).strip());

        assertFalse(comments.toLowerCase(Locale.ROOT).contains("tini"), comments);
        assertTrue(comments.contains("PID 1"), comments);
        assertTrue(comments.contains("entrypoint.sh execs java"), comments);
    }

    /** The image is what runs where passwords cross real networks: credentials without TLS are refused there. */
    @Test
    void theImageRefusesCredentialsThatDidNotArriveOverTls() throws IOException {
        assertTrue(instructions(dockerfile(), "ENV").contains("AUTH_REQUIRE_TLS=true"), instructions(dockerfile(), "ENV").toString());
    }

    @Test
    void baseImageIsThePayaraMicroTheTestsRanOn() throws IOException {
        List<String> from = instructions(dockerfile(), "FROM");

        assertEquals(1, from.size(), from.toString());
        Matcher image = BASE_IMAGE.matcher(from.getFirst());
        assertTrue(image.matches(), "an official Payara Micro image on JDK 21: " + from.getFirst());
        assertEquals(System.getProperty("payara-micro.version"), image.group(1));
    }

    @Test
    void theImageRunsAsTheUnprivilegedPayaraUserAndProbesReadiness() throws IOException {
        List<String> lines = dockerfile();

        assertEquals(List.of("payara"), instructions(lines, "USER"));
        List<String> healthcheck = instructions(lines, "HEALTHCHECK");
        assertEquals(1, healthcheck.size());
        assertTrue(healthcheck.getFirst().contains("/health/ready"), healthcheck.getFirst());
    }

    /** The Dockerfile's instructions, one per element, continuation lines joined, comments dropped. */
    static List<String> dockerfile() throws IOException {
        List<String> instructions = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : Files.readAllLines(PROJECT.resolve("Dockerfile"))) {
            String trimmed = line.strip();
            if (trimmed.startsWith("#") || (trimmed.isEmpty() && current.isEmpty())) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                current.append(trimmed, 0, trimmed.length() - 1).append(' ');
            } else {
                instructions.add(current.append(trimmed).toString());
                current.setLength(0);
            }
        }
        return instructions;
    }

    static List<String> instructions(List<String> dockerfile, String keyword) {
        return dockerfile.stream()
                .filter(line -> line.regionMatches(true, 0, keyword + " ", 0, keyword.length() + 1))
                .map(line -> line.substring(keyword.length() + 1).strip())
                .toList();
    }

    /** COPY's and ADD's sources: every argument but the options and the destination. */
    static List<String> copySources(List<String> dockerfile) {
        List<String> sources = new ArrayList<>();
        for (String copy : Stream.concat(instructions(dockerfile, "COPY").stream(), instructions(dockerfile, "ADD").stream()).toList()) {
            List<String> arguments = Arrays.stream(copy.split("\\s+")).filter(word -> !word.startsWith("--")).toList();
            sources.addAll(arguments.subList(0, arguments.size() - 1));
        }
        return sources;
    }
}
