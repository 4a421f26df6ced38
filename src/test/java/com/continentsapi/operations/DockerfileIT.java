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
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * What can be checked of the image without a Docker engine, after package (hence an IT): the Dockerfile copies
 * files the build produced and .dockerignore lets through, on the Payara Micro version the tests ran on, and the
 * image recipe of server-config/compose/README.md builds those files and names files that exist.
 */
class DockerfileIT {

    static final Path PROJECT = Path.of(System.getProperty("stack.basedir", "."));
    static final Pattern BASE_IMAGE = Pattern.compile("payara/micro:(.+)-jdk21");
    /** The default lifecycle up to package: what ./mvnw package runs. */
    static final List<String> UP_TO_PACKAGE = List.of("validate", "initialize", "generate-sources", "process-sources",
            "generate-resources", "process-resources", "compile", "process-classes", "generate-test-sources", "process-test-sources",
            "generate-test-resources", "process-test-resources", "test-compile", "process-test-classes", "test", "prepare-package", "package");

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

    /** A full verify runs every test for minutes; the image needs only what package builds. */
    @Test
    void theImageRecipeBuildsWithMavenPackage() throws IOException {
        List<String> builds = imageRecipe().lines().map(String::strip).filter(line -> line.startsWith("./mvnw")).toList();

        assertEquals(1, builds.size(), "one Maven run in the image recipe: " + builds);
        List<String> phases = Arrays.stream(builds.getFirst().split("\\s+")).skip(1).takeWhile(word -> !word.startsWith("#"))
                .filter(word -> !word.startsWith("-")).toList();
        assertEquals(List.of("package"), phases, "the image recipe builds with " + builds.getFirst());
    }

    /** Existing after the integration tests proves little: the pom must make each file by the package phase. */
    @Test
    void everyFileTheImageCopiesIsMadeByPackageOrIsInTheRepository() throws Exception {
        Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(PROJECT.resolve("pom.xml").toFile());
        XPath xpath = XPathFactory.newInstance().newXPath();

        for (String source : copySources(dockerfile())) {
            if (!source.startsWith("target/")) {
                assertTrue(Files.isRegularFile(PROJECT.resolve(source)), source + " is not in the repository");
            } else if (source.equals("target/" + xpath.evaluate("/project/build/finalName", pom) + ".war")) {
                assertEquals("war", xpath.evaluate("/project/packaging", pom), source);
            } else {
                Path file = Path.of(source);
                NodeList items = (NodeList) xpath.evaluate("//execution//artifactItem[destFileName='" + file.getFileName() + "']", pom, XPathConstants.NODESET);
                assertEquals(1, items.getLength(), "no single artifactItem of the pom makes " + source);
                Element item = (Element) items.item(0);
                Element execution = (Element) xpath.evaluate("ancestor::execution", item, XPathConstants.NODE);
                String phase = xpath.evaluate("phase", execution);
                assertTrue(UP_TO_PACKAGE.contains(phase), source + " is made in the phase " + phase + ", after package");
                String directory = xpath.evaluate("outputDirectory", item);
                if (directory.isEmpty()) {
                    directory = xpath.evaluate("configuration/outputDirectory", execution);
                }
                assertEquals(file.getParent(), Path.of(resolve(directory, pom, xpath)), source + " is written elsewhere: " + directory);
            }
        }
    }

    @Test
    void theImageRecipeNamesFilesThatExist() throws IOException {
        String recipe = imageRecipe();
        List<String> named = Arrays.stream(recipe.split("[\\s=&;|()]+"))
                .filter(word -> word.startsWith("server-config/") || word.endsWith(".yaml") || word.equals("Dockerfile")).toList();

        assertTrue(recipe.contains("docker compose up --build"), recipe);
        assertTrue(named.containsAll(List.of("server-config/compose/env.example", "compose.yaml")), "the recipe names " + named);
        for (String file : named) {
            assertTrue(Files.isRegularFile(PROJECT.resolve(file)), "the image recipe names " + file + ", which does not exist");
        }
    }

    /** HAProxy reads its certificate and key from the folder compose.yaml mounts from ./tls: the recipe must write them there. */
    @Test
    void theImageRecipeWritesTheCertificateWhereHaproxyReadsIt() throws IOException {
        String recipe = imageRecipe();
        Matcher crt = Pattern.compile("crt /usr/local/etc/haproxy/tls/(\\S+)").matcher(Files.readString(PROJECT.resolve("server-config/compose/haproxy.cfg")));

        assertTrue(crt.find());
        assertTrue(Files.readString(PROJECT.resolve("compose.yaml")).contains("${TLS_DIR:-./tls}:/usr/local/etc/haproxy/tls:ro"));
        assertTrue(recipe.contains("-out tls/" + crt.group(1) + " "), recipe);
        assertTrue(recipe.contains("-keyout tls/" + crt.group(1) + ".key "), recipe);
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

    static String imageRecipe() throws IOException {
        return Recipe.of(PROJECT.resolve("server-config/compose/README.md"), "image");
    }

    /** A pom value with its ${...} replaced: the build directory is target/, other properties come from the pom. */
    static String resolve(String value, Document pom, XPath xpath) throws Exception {
        Matcher property = Pattern.compile("\\$\\{([^}]+)}").matcher(value);
        if (!property.find()) {
            return value;
        }
        String name = property.group(1);
        String replacement = switch (name) {
            case "project.build.directory" -> "target";
            case "project.basedir", "basedir" -> ".";
            default -> xpath.evaluate("/project/properties/" + name, pom);
        };
        assertFalse(replacement.isEmpty(), "no property " + name + " in the pom");
        return resolve(value.substring(0, property.start()) + replacement + value.substring(property.end()), pom, xpath);
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
