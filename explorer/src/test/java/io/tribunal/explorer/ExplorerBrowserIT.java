package io.tribunal.explorer;

import static org.assertj.core.api.Assertions.assertThat;

import io.tribunal.core.commit.Hash32;
import io.tribunal.devnet.kit.AnvilRpc;
import io.tribunal.devnet.testing.AnvilExtension;
import io.tribunal.devnet.testing.Devnet;
import io.tribunal.explorer.chain.Indexer;
import io.tribunal.explorer.web.ExplorerServer;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * What a person sees in a real browser (headless Chromium) while the demo's story runs: the jobs
 * list with the right statuses, a dispute game whose moves appear live without a reload and end at
 * the pinpointed step, op and element, the solver's slash, the model card with its price, and the
 * pages at phone width and from the keyboard. Screenshots land in target/explorer-screenshots.
 */
@ExtendWith(AnvilExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExplorerBrowserIT {
  private Browser browser;
  private MarketStory story;
  private Indexer indexer;
  private ExplorerServer server;
  private String honestJob;
  private String cheatJob;
  private String modelHash;
  private MarketStory.Game game;

  @BeforeAll
  void setUp(Devnet devnet) throws Exception {
    if (Browser.missing().isPresent()) {
      System.err.println("[explorer] WARNING: " + Browser.missing().get());
      return; // each test then reports itself skipped, with the reason
    }
    browser = Browser.start();
    story = new MarketStory(devnet);
    modelHash = story.honest().finalModelHash().hex();
    story.stakeSolverWithServer(modelHash);
    Hash32 h = story.commit(story.honest());
    story.finalizeAfterWindow(h);
    story.payForInference();
    Hash32 c = story.commit(story.cheat());
    game = story.open(c);
    honestJob = h.hex();
    cheatJob = c.hex();
    indexer = new Indexer(devnet.chain(), devnet.deployment());
    indexer.catchUp();
    indexer.start(Duration.ofMillis(200));
    server = ExplorerServer.start(new InetSocketAddress("127.0.0.1", 0), indexer.live());
  }

  @AfterAll
  void tearDown() {
    if (browser != null) {
      browser.close();
    }
    if (server != null) {
      server.close();
    }
    if (indexer != null) {
      indexer.close();
    }
    if (story != null) {
      story.stopServer();
    }
  }

  private void open(String path) {
    browser.driver.get(server.url() + path);
  }

  private String statusOf(String jobId) {
    for (WebElement row : browser.driver.findElements(By.cssSelector("main tbody tr"))) {
      if (row.findElement(By.cssSelector("td code")).getAttribute("title").equals(jobId)) {
        return row.findElement(By.cssSelector(".badge")).getText();
      }
    }
    return "";
  }

  private int moveRows() {
    return browser.driver.findElements(By.cssSelector("#moves tbody tr")).size();
  }

  @Test
  @Order(1)
  void aPersonWatchesTheMarketAndADisputeLive() throws Exception {
    Browser.assumeInstalled();
    open("/jobs");
    assertThat(browser.driver.getTitle()).contains("Jobs");
    assertThat(statusOf(honestJob)).isEqualTo("FINALIZED");
    assertThat(statusOf(cheatJob)).isEqualTo("DISPUTED");
    browser.screenshot("1-jobs");

    open("/games/" + game.id());
    browser.js("window.sameDocument = true;");
    int rows = moveRows();
    assertThat(rows).isEqualTo(1); // GameOpened
    int moves = 0;
    while (game.step()) {
      moves++;
      int before = rows;
      assertThat(Browser.await(2_500, () -> moveRows() > before))
          .as("move %d appears within 2.5 s without a reload", moves)
          .isTrue();
      rows = moveRows();
      if (moves == 4) {
        browser.screenshot("2-game-live");
      }
    }
    assertThat(Browser.await(2_500, () -> browser.driver.getPageSource().contains("LEAF_MISMATCH")))
        .isTrue();
    assertThat(browser.js("return window.sameDocument === true;")).isEqualTo(true);
    assertThat(browser.driver.findElement(By.id("pinpoint")).getText())
        .isEqualTo("step 21, op 2, row 1, col 2");
    String verdict = browser.driver.findElement(By.cssSelector(".verdict")).getText();
    assertThat(verdict).contains("LEAF_MISMATCH", "challenger", "row 1, col 2");
    assertThat(browser.driver.findElements(By.cssSelector("svg.bars"))).hasSize(4);
    assertThat(browser.driver.findElement(By.cssSelector("#ops .disputed")).getText())
        .contains("Z1 = MatMul(X, W1)", "disputed");
    browser.screenshot("3-game-resolved");

    open("/solvers/" + story.solver().getAddress().toLowerCase(Locale.ROOT));
    assertThat(browser.driver.findElement(By.id("slashes")).getText()).isEqualTo("1");
    assertThat(browser.driver.findElement(By.tagName("main")).getText())
        .contains("60 tUSD slashed");
    browser.screenshot("4-solver");

    assertThat(
            Browser.await(
                10_000,
                () ->
                    !indexer.live().get().models().isEmpty()
                        && !indexer.live().get().models().get(0).offers().isEmpty()))
        .as("the model server's offer is read")
        .isTrue();
    open("/models/" + modelHash);
    assertThat(browser.driver.findElement(By.id("spec")).getText()).isEqualTo(MarketStory.SPEC);
    assertThat(browser.driver.findElement(By.cssSelector("#offers .price")).getText())
        .isEqualTo("0.0025 tUSD");
    browser.screenshot("5-model");

    for (String page : List.of("/channels", "/network")) {
      open(page);
      browser.screenshot("6-" + page.substring(1));
    }
  }

  @Test
  @Order(3)
  void aBlockThatChangesNothingOnThePageLeavesTheReadersFocusAlone() throws Exception {
    Browser.assumeInstalled();
    open("/jobs");
    AnvilRpc.mine(story.devnet.chain()); // the first update after a load always swaps the page
    Thread.sleep(1_500);
    WebElement link = browser.driver.findElement(By.cssSelector("main tbody a"));
    browser.js("arguments[0].focus();", link);
    long head = indexer.live().get().head();
    AnvilRpc.mine(story.devnet.chain());
    assertThat(
            Browser.await(
                2_500,
                () ->
                    browser
                        .driver
                        .findElement(By.id("head"))
                        .getText()
                        .equals(Long.toString(head + 1))))
        .as("the new block's number shows")
        .isTrue();
    Thread.sleep(300);
    assertThat(browser.js("return document.activeElement === arguments[0];", link)).isEqualTo(true);
  }

  @Test
  @Order(2)
  void pagesFitAPhoneAndStartWithASkipLink() throws Exception {
    Browser.assumeInstalled();
    browser.driver.executeCdpCommand(
        "Emulation.setDeviceMetricsOverride",
        Map.of("width", 390, "height", 844, "deviceScaleFactor", 2, "mobile", true));
    try {
      for (String page : List.of("/jobs", "/jobs/" + cheatJob, "/network")) {
        open(page);
        long overflow =
            (Long) browser.js("return document.documentElement.scrollWidth - window.innerWidth;");
        assertThat(overflow).as(page + " scrolls sideways").isLessThanOrEqualTo(0);
        browser.screenshot(
            "7-phone" + page.replace('/', '-').substring(0, Math.min(page.length(), 12)));
      }
      open("/jobs");
      browser.driver.findElement(By.tagName("body")).sendKeys(Keys.TAB);
      assertThat(browser.driver.switchTo().activeElement().getText()).isEqualTo("Skip to content");
    } finally {
      browser.driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
    }
  }
}
