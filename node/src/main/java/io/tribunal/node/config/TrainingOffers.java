package io.tribunal.node.config;

import io.tribunal.core.model.MlpSpec;
import java.util.List;

/**
 * What a training role accepts, as its config file writes it: {@code hyperParams} (batch and
 * learning rate pairs) and {@code models} (model specs). The solver claims only such jobs; the
 * challenger recomputes only such jobs. Both lists have the same defaults in every role.
 */
public final class TrainingOffers {
  /** One accepted batch size and learning rate (exact decimal text). */
  public record HyperParams(int batch, String learningRate) {}

  /** The models a role accepts when its config names none. */
  public static final List<String> DEFAULT_MODELS =
      List.of("mlp:784-128-10", "mlp:784-64-10", "mlp:784-32-10", "mlp:784-16-10");

  private TrainingOffers() {}

  /** {@code hyperParams: [{batch, lr}]}, default one pair: batch 32, lr 0.1. */
  public static List<HyperParams> hyperParams(ConfigReader r) {
    List<HyperParams> offers =
        r.list(
            "hyperParams",
            o ->
                new HyperParams(
                    (int) o.requireLong("batch", 1, 1 << 16), o.decimalOr("lr", "0.1")));
    return offers.isEmpty() ? List.of(new HyperParams(32, "0.1")) : offers;
  }

  /**
   * {@code models: [{spec}]}, each a valid spec (else a problem), default {@link #DEFAULT_MODELS}.
   */
  public static List<String> models(ConfigReader r) {
    List<String> models = r.list("models", m -> m.requireString("spec")).stream().toList();
    if (models.isEmpty()) {
      return DEFAULT_MODELS;
    }
    for (String m : models) {
      try {
        MlpSpec.parse(m);
      } catch (IllegalArgumentException e) {
        r.problem("models", e.getMessage());
      }
    }
    return models;
  }
}
