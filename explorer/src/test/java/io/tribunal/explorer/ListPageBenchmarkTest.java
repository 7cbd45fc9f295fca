package io.tribunal.explorer;

import static org.assertj.core.api.Assertions.assertThat;

import io.tribunal.explorer.index.Ledger;
import io.tribunal.explorer.index.LiveSnapshot;
import io.tribunal.explorer.index.Snapshot;
import io.tribunal.explorer.index.SyntheticMarket;
import io.tribunal.explorer.web.ExplorerServer;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The list pages on a market of 10,000 jobs and 500 dispute games (generated): each list page and
 * its JSON twin, 40 requests each after a warm-up, with the server's own render time (its {@code
 * Server-Timing} header) and the time of one snapshot (what every new block costs). Run with {@code
 * mvn -pl explorer test -Dexplorer.benchmark=true -Dtest=ListPageBenchmarkTest}.
 */
@EnabledIfSystemProperty(named = "explorer.benchmark", matches = "true")
class ListPageBenchmarkTest {
  private static final List<String> PAGES =
      List.of(
          "/jobs",
          "/api/jobs",
          "/jobs?status=finalized&page=20",
          "/api/jobs?status=cheated",
          "/jobs?model=0x" + "0".repeat(64),
          "/games",
          "/api/games?state=running",
          "/solvers",
          "/models",
          "/api/models?page=3",
          "/channels",
          "/network");

  @Test
  void listPagesRenderWithin200msServerTime() throws Exception {
    Ledger ledger = SyntheticMarket.ledger(10_000, 500, 50, 18);
    for (int i = 0; i < 5; i++) {
      ledger.snapshot();
    }
    List<Double> snaps = new ArrayList<>();
    Snapshot s = null;
    for (int i = 0; i < 20; i++) {
      long t0 = System.nanoTime();
      s = ledger.snapshot();
      snaps.add((System.nanoTime() - t0) / 1e6);
    }
    System.out.printf(
        "benchmark: %d jobs, %d games, %d solvers, %d models, %d channels%n",
        s.jobs().size(),
        s.games().size(),
        s.solvers().size(),
        s.models().size(),
        s.channels().size());
    System.out.printf(
        "benchmark: snapshot per block: median %.1f ms, max %.1f ms%n",
        median(snaps), Collections.max(snaps));
    try (ExplorerServer server =
        ExplorerServer.start(new InetSocketAddress("127.0.0.1", 0), new LiveSnapshot(s))) {
      Http http = new Http(server.url(), server.port());
      double worst = 0;
      for (String page : PAGES) {
        for (int i = 0; i < 10; i++) {
          http.get(page);
        }
        List<Double> rendered = new ArrayList<>();
        List<Double> total = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
          long t0 = System.nanoTime();
          HttpResponse<String> r = http.get(page);
          total.add((System.nanoTime() - t0) / 1e6);
          assertThat(r.statusCode()).as(page).isEqualTo(200);
          String timing = r.headers().firstValue("Server-Timing").orElseThrow();
          rendered.add(Double.parseDouble(timing.substring(timing.indexOf("dur=") + 4)));
        }
        Collections.sort(rendered);
        double p95 = rendered.get((int) Math.ceil(rendered.size() * 0.95) - 1);
        worst = Math.max(worst, p95);
        System.out.printf(
            "benchmark: %-40s server median %6.2f ms, p95 %6.2f ms; client median %6.2f ms%n",
            page, median(rendered), p95, median(total));
      }
      assertThat(worst).as("the slowest list page's p95 server time (ms)").isLessThanOrEqualTo(200);
    }
  }

  private static double median(List<Double> xs) {
    List<Double> c = new ArrayList<>(xs);
    Collections.sort(c);
    return c.get(c.size() / 2);
  }
}
