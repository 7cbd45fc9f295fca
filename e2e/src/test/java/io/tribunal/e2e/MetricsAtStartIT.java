package io.tribunal.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.tribunal.devnet.testing.AnvilExtension;
import io.tribunal.devnet.testing.Devnet;
import io.tribunal.protocol.metrics.PrometheusText;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an operator's Prometheus sees the moment each daemon says {@code ready}: valid text format,
 * and every series docs/operators.md lists for the role (so dashboards and alerts work before the
 * first event, not after it).
 */
@ExtendWith(AnvilExtension.class)
class MetricsAtStartIT {
  @TempDir Path dir;

  /** The series the operators guide documents, by role ("all" applies to every daemon). */
  private static Map<String, Set<String>> documented() throws Exception {
    String guide = Files.readString(Path.of("..", "docs", "operators.md"));
    String section = guide.substring(guide.indexOf("## Metrics"), guide.indexOf("## Recovery"));
    Map<String, Set<String>> byRole = new LinkedHashMap<>();
    Pattern row =
        Pattern.compile("^\\| (all|solver|verifier|challenger) \\|(.*)\\|$", Pattern.MULTILINE);
    Pattern name = Pattern.compile("`(tribunal_[a-z_]+)");
    Matcher r = row.matcher(section);
    while (r.find()) {
      Set<String> names = new TreeSet<>();
      Matcher n = name.matcher(r.group(2));
      while (n.find()) {
        names.add(n.group(1));
      }
      byRole.put(r.group(1), names);
    }
    assertThat(byRole)
        .as("the guide's metrics table")
        .containsKeys("all", "solver", "verifier", "challenger");
    return byRole;
  }

  private static String scrape(DaemonProcess p) throws Exception {
    Matcher port = Pattern.compile("metrics on port (\\d+)").matcher(p.log());
    assertThat(port.find()).as("the daemon logged its metrics port").isTrue();
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port.group(1) + "/metrics"))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  @Test
  void everyDocumentedSeriesExistsAtStartUpInValidTextFormat(Devnet devnet) throws Exception {
    Map<String, Set<String>> docs = documented();
    try (World world = new World(devnet, dir)) {
      world.account("solver", 10, 1000);
      world.account("verifier", 10, 1000);
      world.account("challenger", 10, 100);
      Map<String, DaemonProcess> daemons = new LinkedHashMap<>();
      daemons.put(
          "solver",
          world.startSolver(
              "solver", world.solverConfig("solver", RpcProxy.freePort(), ""), Map.of()));
      daemons.put("verifier", world.startVerifier("verifier", world.verifierConfig("verifier")));
      daemons.put(
          "challenger",
          world.startChallenger("challenger", world.challengerConfig("challenger", ""), Map.of()));
      List<String> missing = new ArrayList<>();
      for (var e : daemons.entrySet()) {
        String role = e.getKey();
        List<PrometheusText.Sample> samples = PrometheusText.parse(scrape(e.getValue()));
        Set<String> families =
            samples.stream()
                .map(s -> s.name().replaceAll("_(bucket|sum|count)$", ""))
                .collect(Collectors.toSet());
        families.addAll(samples.stream().map(PrometheusText.Sample::name).toList());
        assertThat(samples).allSatisfy(s -> assertThat(s.labels()).containsEntry("role", role));
        Set<String> expected = new TreeSet<>(docs.get("all"));
        expected.addAll(docs.get(role));
        for (String name : expected) {
          if (!families.contains(name)) {
            missing.add(role + ": " + name);
          }
        }
      }
      assertThat(missing).as("documented series absent at start-up").isEmpty();
    }
  }
}
