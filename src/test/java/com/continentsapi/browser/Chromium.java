package com.continentsapi.browser;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless chromium through Debian's chromedriver, both named explicitly: Selenium's own manager would try
 * to download a browser and a driver, which the build machines cannot.
 */
final class Chromium {

    private Chromium() {
    }

    static ChromeDriver start(Path profiles) throws IOException {
        return start(profiles, false);
    }

    /** @param bidi WebDriver BiDi on, for a test that answers the browser's authentication challenges */
    static ChromeDriver start(Path profiles, boolean bidi) throws IOException {
        Files.createDirectories(profiles);
        ChromeOptions options = new ChromeOptions();
        if (bidi) {
            options.enableBiDi();
        }
        options.setBinary(System.getProperty("browser.chromium", "/usr/bin/chromium"));
        // Each flag keeps the browser from reaching out (updates, sync, QUIC probes) or from needing what a CI
        // container lacks (a sandbox, a GPU); a fresh profile keeps one run's cache and credentials from the next.
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,2200",
                "--user-data-dir=" + Files.createTempDirectory(profiles, "chromium-").toAbsolutePath());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(System.getProperty("browser.chromedriver", "/usr/bin/chromedriver")))
                .usingAnyFreePort()
                .build();
        return new ChromeDriver(service, options);
    }
}
