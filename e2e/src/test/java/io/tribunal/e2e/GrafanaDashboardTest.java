package io.tribunal.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The sample dashboard (docs/grafana-dashboard.json) queries only series the operators guide
 * documents, and DocumentedMetrics proves each documented series is exported from start-up: so
 * every panel has data on a fresh daemon.
 */
class GrafanaDashboardTest {
  @Test
  void everyQueriedSeriesIsADocumentedOne() throws Exception {
    JsonNode dashboard =
        new ObjectMapper().readTree(Path.of("..", "docs", "grafana-dashboard.json").toFile());
    Set<String> documented = new TreeSet<>();
    DocumentedMetrics.documented().values().forEach(documented::addAll);
    Set<String> queried = new TreeSet<>();
    Pattern series = Pattern.compile("tribunal_[a-z_]+");
    int panels = 0;
    for (JsonNode panel : dashboard.get("panels")) {
      panels++;
      assertThat(panel.get("targets")).as(panel.get("title").asText()).isNotEmpty();
      for (JsonNode t : panel.get("targets")) {
        Matcher m = series.matcher(t.get("expr").asText());
        while (m.find()) {
          queried.add(m.group().replaceAll("_(bucket|sum|count)$", ""));
        }
      }
    }
    assertThat(panels).isGreaterThanOrEqualTo(10);
    assertThat(queried).isNotEmpty();
    assertThat(documented).containsAll(queried);
    assertThat(queried)
        .as("the dashboard covers each role's key series")
        .contains(
            "tribunal_jobs",
            "tribunal_training_step_seconds",
            "tribunal_attestations_total",
            "tribunal_disputes_opened_total",
            "tribunal_inference_paid_total");
  }
}
