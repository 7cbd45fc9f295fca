package io.tribunal.explorer;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Chromium from Debian's {@code chromium} and {@code chromium-driver} packages, driven by
 * Selenium. Never downloads a browser or a driver: when the packages are missing the test is
 * skipped with a message naming them ({@code ./run-tests} installs them when it runs as root).
 */
final class Browser implements AutoCloseable {
  static final Path SCREENSHOTS = Path.of("target", "explorer-screenshots");
  final ChromeDriver driver;

  private Browser(ChromeDriver driver) {
    this.driver = driver;
  }

  /** Why the browser tests cannot run here, or empty when Chromium and its driver are installed. */
  static Optional<String> missing() {
    if (new File(chromium()).canExecute() && new File(chromedriver()).canExecute()) {
      return Optional.empty();
    }
    return Optional.of(
        "browser IT skipped: no "
            + chromium()
            + " or "
            + chromedriver()
            + " (apt-get install chromium chromium-driver; ./run-tests does it as root)");
  }

  /** Skips the calling test, with the reason, when the browser is not installed. */
  static void assumeInstalled() {
    Assumptions.assumeTrue(missing().isEmpty(), () -> missing().orElse(""));
  }

  private static String chromium() {
    return System.getProperty("explorer.chromium", "/usr/bin/chromium");
  }

  private static String chromedriver() {
    return System.getProperty("explorer.chromedriver", "/usr/bin/chromedriver");
  }

  static Browser start() throws IOException {
    String chromium = chromium();
    String chromedriver = chromedriver();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium);
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--window-size=1280,1000",
        "--no-first-run",
        "--disable-extensions");
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(chromedriver))
            .usingAnyFreePort()
            .build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(20));
    Files.createDirectories(SCREENSHOTS);
    return new Browser(driver);
  }

  void screenshot(String name) throws IOException {
    Files.write(
        SCREENSHOTS.resolve(name + ".png"),
        ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
  }

  Object js(String script, Object... args) {
    return driver.executeScript(script, args);
  }

  /** Waits up to {@code millis} for {@code condition}; false if it never held. */
  static boolean await(long millis, BooleanSupplier condition) throws InterruptedException {
    long end = System.currentTimeMillis() + millis;
    while (System.currentTimeMillis() < end) {
      if (condition.getAsBoolean()) {
        return true;
      }
      Thread.sleep(50);
    }
    return condition.getAsBoolean();
  }

  @Override
  public void close() {
    driver.quit();
  }
}
