package io.tribunal.node.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class MetricsTest {
  @Test
  void theExpositionIsValidTextFormatWithEveryKindOfSeries() {
    Metrics m = new Metrics("solver");
    m.standard("1.2.3");
    m.counter("tribunal_jobs_committed_total", "Jobs committed");
    m.counter("tribunal_inference_refused_total", "Refused", "code", "bad\"quote");
    m.settable("tribunal_training_step", "Step").set(42);
    Metrics.Histogram h =
        m.histogram("tribunal_training_step_seconds", "Step time", new double[] {0.01, 0.1, 1});
    h.observe(0.005);
    h.observe(0.05);
    h.observe(5);
    List<PrometheusText.Sample> samples = PrometheusText.parse(m.scrape());
    assertThat(samples)
        .anySatisfy(
            s -> {
              assertThat(s.name()).isEqualTo("tribunal_jobs_committed_total");
              assertThat(s.value()).as("declared counters exist at zero").isZero();
            });
    assertThat(samples)
        .anySatisfy(
            s -> {
              assertThat(s.name()).isEqualTo("tribunal_build_info");
              assertThat(s.labels()).containsEntry("version", "1.2.3");
            });
    assertThat(samples.stream().map(PrometheusText.Sample::name))
        .contains(
            "tribunal_process_uptime_seconds",
            "tribunal_jvm_heap_used_bytes",
            "tribunal_jvm_threads",
            "tribunal_training_step_seconds_bucket",
            "tribunal_training_step_seconds_sum");
    assertThat(m.scrape())
        .contains("tribunal_training_step_seconds_bucket{role=\"solver\",le=\"0.01\"} 1\n")
        .contains("tribunal_training_step_seconds_bucket{role=\"solver\",le=\"1\"} 2\n")
        .contains("tribunal_training_step_seconds_bucket{role=\"solver\",le=\"+Inf\"} 3\n")
        .contains("tribunal_training_step_seconds_count{role=\"solver\"} 3\n");
  }

  @Test
  void theCheckerRefusesWhatPrometheusWould() {
    assertThatThrownBy(() -> PrometheusText.parse("x_total 1\n"))
        .hasMessageContaining("before its family's HELP and TYPE");
    assertThatThrownBy(
            () -> PrometheusText.parse("# HELP x h\n# TYPE x counter\nx{a=\"1\",a=\"2\"} 1\n"))
        .hasMessageContaining("bad label");
    assertThatThrownBy(() -> PrometheusText.parse("# HELP x h\n# TYPE x counter\nx -1\n"))
        .hasMessageContaining("negative counter");
    assertThatThrownBy(
            () ->
                PrometheusText.parse(
                    "# HELP h x\n# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_bucket{le=\"+Inf\"} 1\n"
                        + "h_count 1\nh_sum 1\n"))
        .hasMessageContaining("not cumulative");
    assertThatThrownBy(() -> new Metrics("r").histogram("h", "x", new double[] {1, 1}))
        .hasMessageContaining("ascend");
  }
}
