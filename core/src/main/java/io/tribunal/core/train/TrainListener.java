package io.tribunal.core.train;

/** Progress callbacks of a training run (UI only; never feeds back into the computation). */
public interface TrainListener {
  TrainListener NONE = new TrainListener() {};

  default void started(long fromStep, long totalSteps) {}

  default void stepDone(long step) {}

  default void warning(String message) {}
}
