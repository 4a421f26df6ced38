package com.continentsapi.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.continentsapi.operations.ScriptSettings;
import com.continentsapi.stack.Stack;
import com.continentsapi.stack.StackSession;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.UsernameAndPassword;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.bidi.module.Network;
import org.openqa.selenium.bidi.network.AddInterceptParameters;
import org.openqa.selenium.bidi.network.InterceptPhase;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * An administrator sets the API up on WildFly 39 through its management console (HAL), as
 * server-config/wildfly/README.md tells: a WildFly as it ships, a management user made with add-user.sh, then in
 * the console the MySQL driver (uploaded as a deployment), the data source jdbc/countries with the wizard and its
 * connection test, its pool's flush strategy, and the WAR (uploaded). Then the API serves the continents from the
 * build's MariaDB, and the data source has every attribute configure.cli gives it, but the driver's name. The element
 * ids are HAL's own (org.jboss.hal.resources.Ids), as its test suite hal/testsuite.next uses them.
 */
@Tag("browser")
class AdminConsoleIT {

    static final Path OUT = Path.of(System.getProperty("stack.basedir", "."), "target", "browser");
    static final String ADMIN = "console-admin";

    static Path home;
    static String adminPassword;
    static Path base;
    static Process wildfly;
    static int httpPort;
    static int managementPort;
    static ChromeDriver browser;
    static Network network;
    static ExecutorService answers;
    static WebDriverWait wait;

    @BeforeAll
    static void startWildFlyAndTheBrowser() throws Exception {
        home = Path.of(System.getProperty("console.wildfly.home"));
        // The distribution stays as it ships; each run configures a copy of its server directory.
        base = Path.of(System.getProperty("stack.basedir", "."), "target", "admin-console", "standalone");
        Stack.deleteRecursively(base.getParent());
        Files.createDirectories(base.getParent());
        copy(home.resolve("standalone"), base);
        adminPassword = "Aa1!" + HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
        run(home.resolve("bin/add-user.sh").toString(), "-sc", base.resolve("configuration").toString(), "-u", ADMIN, "-p", adminPassword, "-s");

        httpPort = Stack.freePort();
        managementPort = Stack.freePort();
        ProcessBuilder server = new ProcessBuilder(home.resolve("bin/standalone.sh").toString(), "-c", "standalone-microprofile.xml",
                "-y=" + project("src/test/resources/admin-console/jakarta-security.yml"),
                "-Djboss.server.base.dir=" + base,
                "-Djboss.http.port=" + httpPort,
                "-Djboss.https.port=" + Stack.freePort(),
                "-Djboss.management.http.port=" + managementPort,
                "-Djboss.management.https.port=" + Stack.freePort())
                .redirectErrorStream(true)
                .redirectOutput(base.getParent().resolve("server.out").toFile());
        server.environment().put("JAVA_HOME", System.getProperty("java.home"));
        server.environment().put("JBOSS_HOME", home.toString());
        // As PayaraMicro and arquillian.xml run test servers: a cheaper boot and deployment; nothing here measures speed.
        server.environment().put("JAVA_TOOL_OPTIONS", "-XX:TieredStopAtLevel=1");
        wildfly = server.start();
        awaitManagement();

        browser = Chromium.start(OUT.resolve("profiles"), true);
        browser.manage().window().setSize(new Dimension(1280, 900)); // the README's pictures: the wizard, no more
        // HAL's calls use Digest: the browser answers the challenge with the management user, as a person types it
        // into the login dialog. Answered on another thread: continueWithAuth waits for its reply, which the BiDi
        // connection's thread delivers, so on that thread it would wait for itself (and time out).
        answers = Executors.newSingleThreadExecutor();
        network = new Network(browser);
        network.addIntercept(new AddInterceptParameters(InterceptPhase.AUTH_REQUIRED));
        UsernameAndPassword credentials = new UsernameAndPassword(ADMIN, adminPassword);
        network.onAuthRequired(challenge -> answers.submit(() -> network.continueWithAuth(challenge.getRequest().getRequestId(), credentials)));
        wait = new WebDriverWait(browser, Duration.ofSeconds(60));
    }

    @AfterAll
    static void stopAll() throws InterruptedException {
        if (network != null) {
            network.close();
        }
        if (browser != null) {
            browser.quit();
        }
        if (answers != null) {
            answers.shutdownNow();
        }
        if (wildfly != null) {
            List<ProcessHandle> children = wildfly.descendants().toList();
            children.forEach(ProcessHandle::destroy);
            wildfly.destroy();
            if (!wildfly.waitFor(30, TimeUnit.SECONDS)) {
                wildfly.destroyForcibly();
            }
            children.forEach(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void anAdministratorAddsTheDriverTheDataSourceAndTheWarInTheConsoleAndTheApiServes() throws Exception {
        upload(project("target/server-lib/mysql-connector-j.jar"), "wildfly-console-driver");

        console("configuration;path=configuration~subsystems!css~datasources!data-source-driver~datasources");
        visible(By.id("ds-configuration-add-actions")).click();
        visible(By.id("ds-configuration-add")).click();
        WebElement wizard = visible(By.id("hal-wizard"));
        wizard.findElement(By.cssSelector("input[type=radio][name=template][value=mysql]")).click();
        next(wizard, "ds-configuration-names-form");
        type("ds-configuration-names-form-name-editing", "countries");
        type("ds-configuration-names-form-jndi-name-editing", "java:jboss/datasources/countries");
        next(wizard, "ds-configuration-driver-form");
        type("ds-configuration-driver-form-driver-name-editing", "mysql-connector-j.jar");
        next(wizard, "ds-configuration-connection-form");
        // Expressions, as configure.cli writes them: WildFly resolves them from its environment (this test's).
        type("ds-configuration-connection-form-connection-url-editing", "${env.DB_URL}");
        type("ds-configuration-connection-form-user-name-editing", "${env.DB_USER}");
        type("ds-configuration-connection-form-password-editing", "${env.DB_PASSWORD}");
        screenshot("wildfly-console-connection");
        next(wizard, "ds-configuration-test-connection");
        wizard.findElement(By.id("ds-configuration-test-connection")).click();
        succeeded(wizard, "the connection test");
        screenshot("wildfly-console-test-connection");
        next(wizard, "ds-configuration-review-form");
        primary(wizard).click(); // Finish
        succeeded(wizard, "adding the data source");
        primary(wizard).click(); // Close
        wait.until(ExpectedConditions.invisibilityOf(wizard));

        console("data-source-configuration;name=countries");
        visible(By.cssSelector("a[href='#ds-configuration-pool-tab']")).click();
        visible(By.cssSelector("#ds-configuration-pool-tab a[data-operation='edit']")).click();
        visible(By.cssSelector("#ds-configuration-pool-tab button[data-id='ds-configuration-pool-form-flush-strategy-editing']")).click();
        visible(By.xpath("//*[@id='ds-configuration-pool-tab']//li/a[normalize-space()='AllConnections']")).click();
        WebElement save = visible(By.cssSelector("#ds-configuration-pool-tab .form-buttons .btn-primary"));
        browser.executeScript("arguments[0].scrollIntoView({block: 'center'})", save); // below the console's footer
        save.click();
        wait.until(ExpectedConditions.invisibilityOf(save));

        upload(project("target/continents.war"), "wildfly-console-deployed");

        String password = "set up in the console";
        String user = StackSession.stack().users().fresh("admin-console", password);
        HttpResponse<String> answer = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/continents"))
                        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)))
                        .timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, answer.statusCode(), answer.body());
        assertTrue(answer.body().contains("\"continent_name\":\"ASIA\""), answer.body());

        Map<String, String> script = new TreeMap<>(ScriptSettings.jbossCli(Files.readString(project("server-config/wildfly/configure.cli"))));
        script.remove("name"); // the resource's address, not an attribute
        // The console cannot add a module: the driver is the deployed jar, named after its file (the page says so).
        script.put("driver-name", "mysql-connector-j.jar");
        Map<String, String> built = attributes(cli("/subsystem=datasources/data-source=countries:read-resource"));
        // The MySQL template's background-validation=false arrives as undefined, which WildFly runs as off, as false.
        built.replace("background-validation", "undefined", "false");
        built.put("integrated-jaspi", attributes(cli("/subsystem=undertow/application-security-domain=other:read-resource")).getOrDefault("integrated-jaspi", "absent"));
        assertEquals(script, new TreeMap<>(built.entrySet().stream().filter(attribute -> script.containsKey(attribute.getKey()))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue))), "the console built another data source than configure.cli");
    }

    /** A management operation through jboss-cli, as the management user: its output, DMR text. */
    private static String cli(String operation) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/jboss-cli.sh").toString(), "--connect",
                "--controller=remote+http://127.0.0.1:" + managementPort, "--user=" + ADMIN, "--password=" + adminPassword,
                "--command=" + operation).redirectErrorStream(true);
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("JBOSS_HOME", home.toString());
        Process cli = builder.start();
        String output = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, cli.waitFor(), output);
        return output;
    }

    /** The attributes of a read-resource result: "name" => value, an expression as written, a string unquoted. */
    private static Map<String, String> attributes(String dmr) {
        Map<String, String> attributes = new HashMap<>();
        Matcher attribute = Pattern.compile("(?m)^\\s*\"([a-z-]+)\" => (?:expression )?\"?(.*?)\"?,?$").matcher(dmr);
        while (attribute.find()) {
            attributes.put(attribute.group(1), attribute.group(2));
        }
        return attributes;
    }

    /** Deployments > Add > Upload Deployment: the file, then its names (enabled), then Finish; a screenshot of the result. */
    private static void upload(Path file, String screenshot) throws IOException {
        console("deployments");
        visible(By.id("deployment-add-actions")).click();
        visible(By.id("deployment-upload")).click();
        WebElement wizard = visible(By.id("hal-wizard"));
        wizard.findElement(By.id("upload-file-input")).sendKeys(file.toAbsolutePath().toString());
        next(wizard, "upload-names-form");
        primary(wizard).click(); // Finish
        succeeded(wizard, "uploading " + file.getFileName());
        screenshot(screenshot);
        primary(wizard).click(); // Close
        wait.until(ExpectedConditions.invisibilityOf(wizard));
    }

    private static void console(String place) {
        browser.get("http://127.0.0.1:" + managementPort + "/console/index.html#" + place);
    }

    private static WebElement visible(By by) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    private static WebElement primary(WebElement wizard) {
        return wizard.findElement(By.cssSelector(".modal-footer .btn-primary"));
    }

    private static void next(WebElement wizard, String step) {
        primary(wizard).click();
        visible(By.id(step));
    }

    private static void type(String id, String text) {
        WebElement input = visible(By.id(id));
        input.clear();
        input.sendKeys(text);
    }

    /** The wizard's closing page: HAL's success icon, or its error text in the failure message. */
    private static void succeeded(WebElement wizard, String what) {
        By success = By.cssSelector(".wizard-pf-complete .wizard-pf-success-icon");
        By failure = By.cssSelector(".wizard-pf-complete .wizard-pf-error-icon");
        wait.until(ExpectedConditions.or(ExpectedConditions.visibilityOfElementLocated(success), ExpectedConditions.visibilityOfElementLocated(failure)));
        assertTrue(!wizard.findElements(success).isEmpty() && wizard.findElement(success).isDisplayed(),
                what + " failed: " + wizard.getText());
    }

    private static void screenshot(String name) throws IOException {
        Files.createDirectories(OUT);
        Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), OUT.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    /** The console is served once the management interface answers: 401 asks for the management user. */
    private static void awaitManagement() throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest probe = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/management")).timeout(Duration.ofSeconds(5)).build();
        for (long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos(); System.nanoTime() < deadline; ) {
            assertTrue(wildfly.isAlive(), "WildFly exited: " + base.getParent().resolve("server.out"));
            try {
                if (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 401) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("WildFly's management interface did not answer within 5 minutes: " + base.getParent().resolve("server.out"));
    }

    private static void run(String... command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("JBOSS_HOME", home.toString());
        assertEquals(0, builder.start().waitFor(), command[0] + " failed");
    }

    private static Path project(String relative) {
        return Path.of(System.getProperty("stack.basedir", ".")).resolve(relative);
    }

    private static void copy(Path from, Path to) throws IOException {
        try (var files = Files.walk(from)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
    }
}
