package com.continentsapi.browser;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.continentsapi.BrowserOrigins;
import com.continentsapi.StandardDeployment;
import com.continentsapi.stack.StackSession;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The API in a real browser (headless Chromium, ./mvnw verify -Pbrowser): a person trying it in Swagger UI at /docs,
 * and a web app on another origin calling it with fetch. Assertions are on what the page shows or can read.
 */
@Tag("browser")
class BrowserIT extends StandardDeployment {

    static final Pattern RATE_LIMIT = Pattern.compile("ratelimit: \"default\";r=(\\d+);t=(\\d+)");
    static final Path OUT = Path.of(System.getProperty("stack.basedir", "."), "target", "browser");


    static ChromeDriver browser;
    static int assertions;

    @BeforeAll
    static void startBrowser() throws IOException {
        browser = Chromium.start(OUT.resolve("profiles"));
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
        System.err.println("Browser assertions: " + assertions);
    }

    @Test
    void swaggerUiAuthorizesWithBasicAndShowsTheLimitCountingDownToTheProblem() throws Exception {
        String password = "tried in Swagger UI";
        String user = StackSession.stack().users().fresh("swagger", password);
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));

        browser.get(base + "docs");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".swagger-ui .info .title"), "Continents API"));
        check(browser.getCurrentUrl().endsWith("/docs/"), "the page moved to /docs/: " + browser.getCurrentUrl());

        browser.findElement(By.cssSelector(".swagger-ui button.authorize")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("input[aria-label='auth-basic-username']"))).sendKeys(user);
        browser.findElement(By.cssSelector("input[aria-label='auth-basic-password']")).sendKeys(password);
        browser.findElement(By.cssSelector(".modal-ux button.modal-btn.authorize")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".modal-ux button.btn-done"))).click();

        WebElement operation = browser.findElement(By.id("operations-continents-allContinents"));
        operation.findElement(By.cssSelector(".opblock-summary-control")).click();
        wait.until(ExpectedConditions.elementToBeClickable(operation.findElement(By.cssSelector("button.try-out__btn")))).click();

        String shown = "";
        List<String> statuses = new ArrayList<>();
        for (int call = 1; call <= 6; call++) {
            String before = shown;
            operation.findElement(By.cssSelector("button.execute, button.btn.execute")).click();
            wait.until(driver -> {
                List<WebElement> live = operation.findElements(By.cssSelector(".live-responses-table"));
                return !live.isEmpty() && !live.getFirst().getText().equals(before) && live.getFirst().getText().contains("ratelimit");
            });
            shown = operation.findElement(By.cssSelector(".live-responses-table")).getText();
            String status = operation.findElement(By.cssSelector(".live-responses-table .response .response-col_status")).getText().strip();
            statuses.add(status);
            Matcher rateLimit = RATE_LIMIT.matcher(shown);
            check(rateLimit.find(), "the page shows the RateLimit field: " + shown);
            if (call <= 5) {
                check(status.equals("200"), "call " + call + " is 200: " + shown);
                check(rateLimit.group(1).equals(Integer.toString(5 - call)), "call " + call + " leaves " + (5 - call) + ": " + shown);
                check(shown.contains("\"continent_name\": \"ASIA\""), "the continents are shown: " + shown);
            } else {
                check(status.equals("429"), "the sixth call is 429: " + shown);
                check(rateLimit.group(1).equals("0"), "nothing is left: " + shown);
                check(shown.contains("retry-after: "), "the page shows Retry-After: " + shown);
                check(shown.matches("(?s).*You're not allowed to access this resource\\. Wait \\d+ seconds before trying again\\..*"),
                        "the problem's sentence: " + shown);
                check(shown.contains("quota-exceeded"), "the problem type: " + shown);
            }
        }
        check(statuses.equals(List.of("200", "200", "200", "200", "200", "429")), statuses.toString());

        // The README's picture: the operation from its title down to the 429's headers.
        Files.createDirectories(OUT);
        browser.manage().window().setSize(new Dimension(1280, 1120));
        browser.executeScript("arguments[0].scrollIntoView(true)", operation);
        Path screenshot = browser.getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(screenshot, OUT.resolve("swagger-ui-429.png"), StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void aPageOnAnAllowedOriginReadsTheLimitFieldsAndAnotherOriginIsBlocked() throws Exception {
        String password = "called from another origin";
        String allowedUser = StackSession.stack().users().fresh("cors-page", password);
        String blockedUser = StackSession.stack().users().fresh("cors-blocked", password);
        try (CallingPage page = new CallingPage(BrowserOrigins.port())) {
            JsonArray allowed = callFrom(BrowserOrigins.allowed(), allowedUser, password, 6);
            JsonArray blocked = callFrom(BrowserOrigins.disallowed(), blockedUser, password, 1);

            check(allowed.size() == 6, allowed.toString());
            for (int call = 1; call <= 5; call++) {
                JsonObject result = allowed.getJsonObject(call - 1);
                check(result.getInt("status", -1) == 200, "call " + call + ": " + result);
                check(result.getString("rateLimit", "").startsWith("\"default\";r=" + (5 - call) + ";t="),
                        "the page reads RateLimit: " + result);
            }
            JsonObject denied = allowed.getJsonObject(5);
            check(denied.getInt("status", -1) == 429, denied.toString());
            check(!denied.isNull("retryAfter") && denied.getString("retryAfter").matches("\\d+"), "the page reads Retry-After: " + denied);
            check(denied.getString("body").contains("quota-exceeded"), denied.toString());

            check(blocked.size() == 1 && blocked.getJsonObject(0).containsKey("blocked"), "the browser blocks another origin: " + blocked);
        }
    }

    /** Opens the calling page on this origin and returns what it could read of each call. */
    private JsonArray callFrom(String origin, String user, String password, int calls) {
        String api = URI.create(base.toString()).resolve("/").toString();
        browser.get(origin + "/cross-origin.html?api=" + encode(api) + "&user=" + encode(user) + "&password=" + encode(password)
                + "&calls=" + calls);
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(ExpectedConditions.titleIs("done"));
        String log = browser.findElement(By.id("log")).getText();
        return Json.createReader(new StringReader(log)).readArray();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static void check(boolean condition, String message) {
        assertions++;
        assertTrue(condition, message);
    }
}
