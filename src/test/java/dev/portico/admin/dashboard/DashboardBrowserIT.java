package dev.portico.admin.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.demo.ShopServices;
import dev.portico.testing.Http;
import dev.portico.testing.TestGateway;
import io.vertx.core.Vertx;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * The dashboard in a real headless Chromium (Debian's chromium through chromedriver) against a real
 * gateway on the demo shop's config, with the shop's services behind it.
 *
 * <p>The browser is required: without it the test fails, so CI cannot pass by skipping it. Only a
 * developer may skip it locally, by setting {@code PORTICO_SKIP_BROWSER_TESTS=1} outside CI.
 */
class DashboardBrowserIT {
  static final String CHROMIUM = env("PORTICO_CHROMIUM", "/usr/bin/chromium");
  static final String CHROMEDRIVER = env("PORTICO_CHROMEDRIVER", "/usr/bin/chromedriver");
  static final List<String> DEMO_ROUTES = List.of("orders", "orders-v2", "customer", "products", "checkout");

  static Vertx vertx;
  static ShopServices shop;
  static TestGateway gateway;
  static Path profile;
  static WebDriver browser;

  @BeforeAll
  static void start() throws Exception {
    boolean present = Files.isExecutable(Path.of(CHROMIUM)) && Files.isExecutable(Path.of(CHROMEDRIVER));
    if (!present) {
      boolean ci = System.getenv("CI") != null && !System.getenv("CI").isEmpty();
      Assumptions.assumeFalse(!ci && "1".equals(System.getenv("PORTICO_SKIP_BROWSER_TESTS")),
          "PORTICO_SKIP_BROWSER_TESTS=1: no browser here, dashboard browser tests skipped");
      throw new AssertionError("The dashboard tests need Debian's chromium and chromedriver at " + CHROMIUM
          + " and " + CHROMEDRIVER + " (apt-get install chromium chromium-driver; .ci/run installs them)");
    }
    vertx = Vertx.vertx();
    shop = ShopServices.start(vertx, ShopServices.Ports.ephemeral())
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    gateway = TestGateway.start(demoConfigOn(shop.ports()));
    profile = Files.createTempDirectory("portico-chromium-");
    browser = chromium(profile);
  }

  @AfterAll
  static void stop() throws Exception {
    if (browser != null) {
      browser.quit();
    }
    if (gateway != null) {
      gateway.close();
    }
    if (shop != null) {
      shop.stop().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
    if (vertx != null) {
      vertx.close();
    }
    if (profile != null) {
      try (var files = Files.walk(profile)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @Test
  void pageLoadsWithoutConsoleErrors_showsTheDemoRoutes_andItsCounterRisesWithTraffic() throws Exception {
    browser.get("http://127.0.0.1:" + gateway.adminPort() + "/dashboard#token=dashboard-test-token");

    // The config table lists the demo's routes.
    waitFor("the demo routes in the config table", () -> configRouteIds().containsAll(DEMO_ROUTES));
    assertThat(configRouteIds()).containsExactlyInAnyOrderElementsOf(DEMO_ROUTES);
    assertThat(browser.findElement(By.id("status")).getText()).startsWith("live");
    // The token moved from the fragment to this tab's session storage; the address bar no longer shows it.
    JavascriptExecutor js = (JavascriptExecutor) browser;
    assertThat(js.executeScript("return sessionStorage.getItem('portico.adminToken')"))
        .isEqualTo("dashboard-test-token");
    assertThat(browser.getCurrentUrl()).doesNotContain("token");
    // The upstream targets: the demo has four (two orders, one customers, one products).
    assertThat(browser.findElements(By.cssSelector("#targets tbody tr"))).hasSize(4);

    long before = totalRequests();
    for (int i = 0; i < 10; i++) {
      assertThat(Http.get(gateway.url("/api/orders/1")).statusCode()).isEqualTo(200);
      assertThat(Http.get(gateway.url("/api/customers/3")).statusCode()).isEqualTo(200);
    }

    waitFor("the request counter to count the 20 requests", () -> totalRequests() >= before + 20);
    waitFor("a stats row for the orders route", () -> !browser.findElements(
        By.cssSelector("#route-stats tbody tr[data-route='orders']")).isEmpty());
    // A second burst after the first poll that saw traffic: the row then shows a rate and percentiles.
    for (int i = 0; i < 10; i++) {
      Http.get(gateway.url("/api/orders/1"));
    }
    waitFor("a rate and a p50 for the orders route", () -> {
      List<WebElement> cells = browser.findElements(By.cssSelector("#route-stats tbody tr[data-route='orders'] td"));
      return cells.size() == 6 && cells.get(2).getText().endsWith("ms");
    });
    Files.write(Path.of("target", "dashboard.png"),
        ((ChromeDriver) browser).getScreenshotAs(OutputType.BYTES));

    List<LogEntry> errors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
    assertThat(errors).as("console errors").isEmpty();
  }

  private static List<String> configRouteIds() {
    return browser.findElements(By.cssSelector("#config-routes tbody tr")).stream()
        .map(row -> row.getAttribute("data-route")).toList();
  }

  private static long totalRequests() {
    return Long.parseLong(browser.findElement(By.id("total-requests")).getText().trim());
  }

  /** Polls the page for up to 15 s: the dashboard updates on its own 1.5 s timer. */
  private static void waitFor(String what, Supplier<Boolean> condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (!condition.get()) {
      assertThat(System.nanoTime()).as("waited 15 s for " + what).isLessThan(deadline);
      Thread.sleep(100);
    }
  }

  static WebDriver chromium(Path profile) {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    // Headless, and nothing that would reach for the network: this machine has none but loopback.
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--disable-extensions", "--user-data-dir=" + profile);
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(Path.of(CHROMEDRIVER).toFile())
        .usingAnyFreePort()
        .build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(20));
    return driver;
  }

  /** The shipped demo/shop.yaml with its ports replaced by ephemeral ones (as DemoIT does). */
  static String demoConfigOn(ShopServices.Ports ports) throws Exception {
    String yaml;
    try (InputStream in = DashboardBrowserIT.class.getResourceAsStream("/demo/shop.yaml")) {
      yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    ShopServices.Ports defaults = ShopServices.Ports.defaults();
    return yaml
        .replace("listen: { port: 8080 }", "listen: { port: 0 }")
        .replace("admin: { port: 9901 }", "admin: { port: 0, token: dashboard-test-token }")
        .replace(":" + defaults.orders1(), ":" + ports.orders1())
        .replace(":" + defaults.orders2(), ":" + ports.orders2())
        .replace(":" + defaults.customers(), ":" + ports.customers())
        .replace(":" + defaults.products(), ":" + ports.products());
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
