package io.tribunal.cli.train;

import io.tribunal.core.train.TrainListener;
import java.io.PrintWriter;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/** Progress bar on stderr (display only). */
final class TrainProgress implements TrainListener, AutoCloseable {
  private final PrintWriter err;
  private final boolean quiet;
  private ProgressBar bar;

  TrainProgress(PrintWriter err, boolean quiet) {
    this.err = err;
    this.quiet = quiet;
  }

  @Override
  public void started(long fromStep, long totalSteps) {
    if (!quiet) {
      bar =
          new ProgressBarBuilder()
              .setTaskName("train")
              .setInitialMax(totalSteps)
              .startsFrom(fromStep, java.time.Duration.ZERO)
              .setConsumer(new ConsoleProgressBarConsumer(System.err))
              .setUpdateIntervalMillis(250)
              .build();
    }
  }

  @Override
  public void stepDone(long step) {
    if (bar != null) {
      bar.stepTo(step);
    }
  }

  @Override
  public void warning(String message) {
    err.println("warning: " + message);
    err.flush();
  }

  @Override
  public void close() {
    if (bar != null) {
      bar.close();
    }
  }
}
