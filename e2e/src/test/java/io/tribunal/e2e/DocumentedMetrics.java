package io.tribunal.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.tribunal.node.metrics.PrometheusText;
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

/**
 * What an operator's Prometheus sees the moment a daemon says {@code ready}: valid text format, and
 * every series docs/operators.md lists for its role (so dashboards and alerts work before the first
 * event, not after it). Called right after start-up by the ITs that start each role (HonestJobIT:
 * solver and verifier; CheatingSolverIT: challenger), so no daemon is started only for this.
 */
final class DocumentedMetrics {
  private DocumentedMetrics() {}

  /** The series the operators guide documents, by role ("all" applies to every daemon). */
  static Map<String, Set<String>> documented() {
    String guide;
    try {
      guide = Files.readString(Path.of("..", "docs", "operators.md"));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
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

  static String scrape(DaemonProcess p) {
    Matcher port = Pattern.compile("metrics on port (\\d+)").matcher(p.log());
    assertThat(port.find()).as("the daemon logged its metrics port").isTrue();
    try {
      return HttpClient.newHttpClient()
          .send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port.group(1) + "/metrics"))
                  .build(),
              HttpResponse.BodyHandlers.ofString())
          .body();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** {@code role}'s daemon {@code p} exports valid text with every documented series. */
  static void assertAtStart(String role, DaemonProcess p) {
    Map<String, Set<String>> docs = documented();
    List<PrometheusText.Sample> samples = PrometheusText.parse(scrape(p));
    Set<String> families =
        samples.stream()
            .map(s -> s.name().replaceAll("_(bucket|sum|count)$", ""))
            .collect(Collectors.toSet());
    families.addAll(samples.stream().map(PrometheusText.Sample::name).toList());
    assertThat(samples).allSatisfy(s -> assertThat(s.labels()).containsEntry("role", role));
    Set<String> expected = new TreeSet<>(docs.get("all"));
    expected.addAll(docs.get(role));
    List<String> missing = new ArrayList<>();
    for (String name : expected) {
      if (!families.contains(name)) {
        missing.add(name);
      }
    }
    assertThat(missing).as("documented %s series absent at start-up", role).isEmpty();
  }
}
