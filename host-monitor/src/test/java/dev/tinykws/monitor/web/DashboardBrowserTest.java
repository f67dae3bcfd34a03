package dev.tinykws.monitor.web;

import dev.tinykws.monitor.review.ReviewClip;
import dev.tinykws.monitor.review.ReviewQueue;
import dev.tinykws.monitor.sim.DeviceSimulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The dashboard in a real browser (headless chromium), against the simulated device. */
class DashboardBrowserTest {
    static final String INJECTION = "<img src=x onerror=alert(1)>";
    static final List<String> LABELS = List.of("_silence_", "_unknown_", "yes", "no", INJECTION);
    static ChromeDriver driver;

    @TempDir
    Path dir;

    @BeforeAll
    static void browser() {
        driver = Browser.start();
    }

    @AfterAll
    static void quit() {
        if (driver != null) {
            driver.quit();
        }
    }

    /** Leaves the previous test's page (its event stream would retry a closed server) and empties the console log. */
    @AfterEach
    void leave() {
        driver.get("about:blank");
        driver.manage().logs().get(LogType.BROWSER);
    }

    /** Opens the page and waits until it loaded its state and its event stream is open. */
    static void open(DashboardFixture f) throws Exception {
        driver.get("about:blank");
        driver.manage().logs().get(LogType.BROWSER); // start from an empty console log
        driver.get(f.base() + "/");
        new WebDriverWait(driver, Duration.ofSeconds(15)).until(d -> "true".equals(
                d.findElement(By.tagName("body")).getAttribute("data-ready")));
        DashboardFixture.await(() -> f.dashboard.events().clients() >= 1, 10_000, "the page's event stream");
    }

    static List<LogEntry> consoleProblems() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.WARNING.intValue()).toList();
    }

    @Test
    void pageLoadsWithTheDeviceFactsAndNoConsoleError() throws Exception {
        try (DashboardFixture f = new DashboardFixture(dir, "127.0.0.1:0", LABELS).ready()) {
            open(f);
            String hello = driver.findElement(By.id("hello")).getText();
            assertTrue(hello.contains("sim-web") && hello.contains("00C0FFEE") && hello.contains("0.1.0-sim"), hello);
            assertEquals("connected", driver.findElement(By.id("link")).getText());
            f.device().stat(5000, 8123, 412, 10_240, 0);
            new WebDriverWait(driver, Duration.ofSeconds(5)).until(d -> d.findElement(By.id("health")).getText().contains("41.2 %"));
            assertTrue(driver.findElement(By.id("health")).getText().contains("8.12 ms"));
            Thread.sleep(600); // let the charts draw once
            assertEquals(List.of(), consoleProblems());
        }
    }

    @Test
    void aDetLineFromTheDeviceAppearsOnTheTimelineWithinASecond() throws Exception {
        try (DashboardFixture f = new DashboardFixture(dir, "127.0.0.1:0", LABELS).ready()) {
            open(f);
            DeviceSimulator dev = f.device();
            long start = System.nanoTime();
            dev.det(98_765, "yes", "0.876");
            WebElement row = new WebDriverWait(driver, Duration.ofSeconds(1), Duration.ofMillis(10)).until(d ->
                    d.findElements(By.cssSelector("#timeline tbody tr.det")).stream()
                            .filter(r -> r.getText().contains("98765 ms")).findFirst().orElse(null));
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertTrue(ms < 1000, "took " + ms + " ms");
            assertTrue(row.getText().contains("yes") && row.getText().contains("0.876"), row.getText());
            dev.near(99_000, "no", "0.555");
            new WebDriverWait(driver, Duration.ofSeconds(1), Duration.ofMillis(10)).until(d ->
                    d.findElements(By.cssSelector("#timeline tbody tr.near")).stream().anyMatch(r -> r.getText().contains("0.555")));
        }
    }

    @Test
    void settingTheThresholdReachesTheDevice() throws Exception {
        try (DashboardFixture f = new DashboardFixture(dir, "127.0.0.1:0", LABELS).ready()) {
            open(f);
            WebElement in = driver.findElement(By.id("threshold-input"));
            in.clear();
            in.sendKeys("0.9");
            driver.findElement(By.id("threshold-set")).click();
            new WebDriverWait(driver, Duration.ofSeconds(10)).until(d ->
                    d.findElement(By.id("action-status")).getText().contains("threshold set to 0.900"));
            assertEquals("0.900", f.device().threshold());
            assertEquals("0.900", driver.findElement(By.id("threshold-now")).getText());
            in.clear();
            in.sendKeys("7");
            driver.findElement(By.id("threshold-set")).click();   // the browser's own range check refuses it
            assertEquals("0.900", f.device().threshold());
        }
    }

    @Test
    void aReviewLabelClickedInThePageLandsInTheReviewStore() throws Exception {
        try (DashboardFixture f = new DashboardFixture(dir, "127.0.0.1:0", LABELS).ready()) {
            open(f);
            DeviceSimulator dev = f.device();
            dev.det(1234, "yes", "0.801");
            dev.detectionAudio(16000);
            WebElement item = new WebDriverWait(driver, Duration.ofSeconds(10)).until(d ->
                    d.findElements(By.cssSelector("#review-list li")).stream().findFirst().orElse(null));
            String id = item.getAttribute("data-id");
            WebElement audio = item.findElement(By.tagName("audio"));
            Object duration = driver.executeAsyncScript("const a = arguments[0], done = arguments[1];"
                    + "a.addEventListener('loadedmetadata', () => done(a.duration)); a.addEventListener('error', () => done(-1));"
                    + "a.preload = 'auto'; a.load();", audio);
            assertEquals(1.0, ((Number) duration).doubleValue(), 0.01, "the clip plays in the browser (1 s WAV)");
            item.findElement(By.cssSelector("button.wrong")).click();
            new WebDriverWait(driver, Duration.ofSeconds(10)).until(d ->
                    item.findElement(By.className("verdict")).getText().contains("labelled _unknown_"));
            ReviewClip c = ReviewQueue.open(dir.resolve("review")).get(id).orElseThrow();
            assertEquals("_unknown_", c.label().label());
            assertEquals("web", c.label().by());
        }
    }

    @Test
    void aKeywordThatLooksLikeHtmlIsShownAsText() throws Exception {
        try (DashboardFixture f = new DashboardFixture(dir, "127.0.0.1:0", LABELS).ready()) {
            open(f);
            f.device().det(5555, INJECTION, "0.950");
            WebElement kw = new WebDriverWait(driver, Duration.ofSeconds(5)).until(d ->
                    d.findElements(By.cssSelector("#timeline tbody td.kw")).stream()
                            .filter(e -> e.getText().contains("onerror")).findFirst().orElse(null));
            assertEquals(INJECTION, kw.getAttribute("textContent"));
            assertTrue(driver.findElement(By.id("hello")).getText().contains(INJECTION));
            new WebDriverWait(driver, Duration.ofSeconds(5)).until(d ->
                    d.findElement(By.id("counts")).getText().contains(INJECTION));
            assertEquals(0, driver.findElements(By.cssSelector("main img")).size(), "no element was injected");
            assertThrows(NoAlertPresentException.class, () -> driver.switchTo().alert());
            assertEquals(List.of(), consoleProblems());
        }
    }
}
