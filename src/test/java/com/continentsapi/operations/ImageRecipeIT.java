package com.continentsapi.operations;

import static com.continentsapi.operations.DockerfileIT.PROJECT;
import static com.continentsapi.operations.DockerfileIT.copySources;
import static com.continentsapi.operations.DockerfileIT.dockerfile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The image recipe of server-config/compose/README.md, checked without a Docker engine, after package (hence an IT):
 * it builds with Maven's package, the pom makes every file the Dockerfile copies by that phase, and the files it
 * names exist where compose.yaml and HAProxy read them.
 */
class ImageRecipeIT {

    /** The default lifecycle up to package: what ./mvnw package runs. */
    static final List<String> UP_TO_PACKAGE = List.of("validate", "initialize", "generate-sources", "process-sources",
            "generate-resources", "process-resources", "compile", "process-classes", "generate-test-sources", "process-test-sources",
            "generate-test-resources", "process-test-resources", "test-compile", "process-test-classes", "test", "prepare-package", "package");

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
}
