package dev.tinykws.monitor.web;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Level;

/**
 * Headless Debian {@code chromium} driven through Debian's {@code chromedriver} (apt: chromium chromium-driver).
 * The driver path is given explicitly (and as {@code webdriver.chrome.driver}), so Selenium Manager never
 * downloads anything. Missing browser: the test is skipped locally and fails when {@code CI=true}.
 */
final class Browser {
    static final String CHROMIUM = System.getProperty("tinykws.chromium", "/usr/bin/chromium");
    static final String CHROMEDRIVER = System.getProperty("tinykws.chromedriver", "/usr/bin/chromedriver");

    /** Selenium warns that it has no CDP module for this chromium; the tests use WebDriver only. */
    private static final java.util.logging.Logger SELENIUM_LOG = java.util.logging.Logger.getLogger("org.openqa.selenium");

    private Browser() {
    }

    /** Skips (locally) or fails (CI=true) when chromium or chromedriver is missing. */
    static void require() {
        for (String tool : new String[]{CHROMIUM, CHROMEDRIVER}) {
            if (!Files.isExecutable(Path.of(tool))) {
                String msg = tool + " not installed (apt-get install chromium chromium-driver)";
                if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                    Assertions.fail(msg + ": required when CI=true");
                }
                Assumptions.abort(msg + ": browser test skipped (it fails when CI=true)");
            }
        }
    }

    static ChromeDriver start() {
        require();
        SELENIUM_LOG.setLevel(Level.SEVERE);
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER);
        ChromeOptions o = new ChromeOptions();
        o.setBinary(CHROMIUM);
        o.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1400,1500", "--autoplay-policy=no-user-gesture-required", "--no-first-run",
                "--disable-extensions", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-default-apps", "--mute-audio");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        o.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort().build();
        return new ChromeDriver(service, o);
    }
}
