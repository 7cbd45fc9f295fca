package io.tribunal.solver.daemon;

import io.tribunal.core.train.TrainListener;
import io.tribunal.protocol.metrics.Metrics;
import io.tribunal.protocol.testing.FaultHooks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One log line every N steps (step, total, rate) and the current step as a metric. */
final class ProgressLog implements TrainListener {
  private static final Logger LOG = LoggerFactory.getLogger(ProgressLog.class);
  private final String jobId;
  private final long every;
  private final Metrics.Settable stepGauge;
  private long total;
  private long startStep;
  private long startNanos;

  ProgressLog(String jobId, long every, Metrics metrics) {
    this.jobId = jobId;
    this.every = every;
    this.stepGauge =
        metrics.settable("tribunal_training_step", "Current training step", "job", jobId);
  }

  @Override
  public void started(long fromStep, long totalSteps) {
    total = totalSteps;
    startStep = fromStep;
    startNanos = System.nanoTime();
    LOG.info("job {}: training from step {} to {}", jobId, fromStep, totalSteps);
  }

  @Override
  public void stepDone(long step) {
    stepGauge.set(step);
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
