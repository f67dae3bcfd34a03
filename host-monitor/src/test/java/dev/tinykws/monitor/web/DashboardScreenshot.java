package dev.tinykws.monitor.web;

import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Saves a PNG of a running dashboard once the page has loaded its state and drawn its charts
 * (bench/dashboard-screenshot.sh). Usage: {@code DashboardScreenshot URL OUT.png}.
 */
public final class DashboardScreenshot {
    private DashboardScreenshot() {
    }

    public static void main(String[] args) throws Exception {
        ChromeDriver driver = Browser.start();
        try {
            driver.manage().window().setSize(new org.openqa.selenium.Dimension(1400, 1950));
            driver.get(args[0]);
            new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> "true".equals(
                    d.findElement(By.tagName("body")).getAttribute("data-ready")));
            Thread.sleep(2500); // a tick (counts, link) and a chart redraw
            Path out = Path.of(args[1]);
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.write(out, driver.getScreenshotAs(OutputType.BYTES));
        } finally {
            driver.quit();
        }
    }
}
