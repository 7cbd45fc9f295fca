package io.tribunal.solver.daemon;

import io.tribunal.core.train.TrainListener;
import io.tribunal.node.metrics.Metrics;
import io.tribunal.node.testing.FaultHooks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One log line every N steps (step, total, rate); the current step and the time per step as metrics
 * ({@code tribunal_training_step}, no job label so the series set stays bounded; the job is in the
 * log line, and {@code tribunal_training_step_seconds}, a histogram).
 */
final class ProgressLog implements TrainListener {
  private static final Logger LOG = LoggerFactory.getLogger(ProgressLog.class);
  private final String jobId;
  private final long every;
  private final Metrics.Settable stepGauge;
  private final Metrics.Histogram stepSeconds;
  private long lastNanos;
  private long total;
  private long startStep;
  private long startNanos;

  ProgressLog(String jobId, long every, Metrics metrics) {
    this.jobId = jobId;
    this.every = every;
    this.stepGauge = stepGauge(metrics);
    this.stepSeconds = stepSeconds(metrics);
  }

  /** Declared at start-up too, so the series exist before the first job. */
  static Metrics.Settable stepGauge(Metrics metrics) {
    return metrics.settable(
        "tribunal_training_step", "Step of the job being trained (the latest one to report)");
  }

  static Metrics.Histogram stepSeconds(Metrics metrics) {
    return metrics.histogram(
        "tribunal_training_step_seconds",
        "Wall time of one training step",
        new double[] {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10});
  }

  @Override
  public void started(long fromStep, long totalSteps) {
    total = totalSteps;
    startStep = fromStep;
    startNanos = System.nanoTime();
    lastNanos = startNanos;
    LOG.info("job {}: training from step {} to {}", jobId, fromStep, totalSteps);
  }

  @Override
  public void stepDone(long step) {
    stepGauge.set(step);
    long now = System.nanoTime();
    stepSeconds.observe((now - lastNanos) / 1e9);
    lastNanos = now;
    FaultHooks.afterTrainingStep();
    if (step % every == 0 || step == total) {
      double secs = Math.max(1e-9, (System.nanoTime() - startNanos) / 1e9);
      LOG.info(
          "job {}: step {}/{} ({} steps/s)",
          jobId,
          step,
          total,
          String.format(java.util.Locale.ROOT, "%.1f", (step - startStep) / secs));
    }
  }

  @Override
  public void warning(String message) {
    LOG.warn("job {}: {}", jobId, message);
  }
}
