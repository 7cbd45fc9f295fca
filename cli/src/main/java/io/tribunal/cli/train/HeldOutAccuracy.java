package io.tribunal.cli.train;

import io.tribunal.core.data.Dataset;
import io.tribunal.core.tensor.Parallel;
import io.tribunal.core.tensor.Tensor;
import io.tribunal.protocol.graph.GraphForward;
import java.util.List;
import java.util.Locale;

/**
 * How often a trained graph's largest logit is the right answer on held-out data, in integers: for
 * {@code cnn:} every held-out digit's label, for {@code gpt:} the next character at every position
 * of {@value #TEXT_WINDOWS} evenly spaced held-out windows (every ⌊N / 256⌋-th). The forward half
 * of the graph runs in chunks of held-out samples, as a batch would gather them.
 */
final class HeldOutAccuracy {
  static final int TEXT_WINDOWS = 256;
  private static final int TEXT_CHUNK = 16;
  private static final int IMAGE_CHUNK = 250;

  private HeldOutAccuracy() {}

  /** Correct predictions and predictions made. */
  record Score(long correct, long total) {
    String percent() {
      long basisPoints = total == 0 ? 0 : (correct * 10_000 + total / 2) / total;
      return String.format(Locale.ROOT, "%d.%02d", basisPoints / 100, basisPoints % 100);
    }
  }

  static Score of(GraphManifest.Run run, List<Tensor> params, Dataset heldOut, Parallel parallel) {
    boolean text = GraphModels.isText(run.model());
    int wanted = text ? Math.min(TEXT_WINDOWS, heldOut.size()) : heldOut.size();
    int chunk = Math.min(text ? TEXT_CHUNK : IMAGE_CHUNK, wanted);
    int samples = wanted / chunk * chunk;
    int stride = heldOut.size() / samples;
    int context = text ? GraphModels.context(run.model()) : 1;
    GraphForward forward =
        new GraphForward(
            GraphModels.graph(
                run.model(),
                TrainedGraph.vocabularySize(run),
                run.optimizer(),
                chunk,
                heldOut.size()));
    List<Tensor> data = List.of(heldOut.features(), heldOut.labelTensor());
    long correct = 0;
    long total = 0;
    for (int start = 0; start < samples; start += chunk) {
      int[] idx = new int[chunk];
      for (int b = 0; b < chunk; b++) {
        idx[b] = (start + b) * stride;
      }
      Tensor logits = forward.logits(params, data, idx, parallel);
      for (int b = 0; b < chunk; b++) {
        for (int t = 0; t < context; t++) {
          int answer = text ? heldOut.features().get(idx[b], t + 1) : heldOut.label(idx[b]);
          if (argmax(logits.row(b * context + t)) == answer) {
            correct++;
          }
          total++;
        }
      }
    }
    return new Score(correct, total);
  }

  /** The index of the largest entry, the lowest on a tie. */
  static int argmax(int[] row) {
    int best = 0;
    for (int j = 1; j < row.length; j++) {
      if (row[j] > row[best]) {
        best = j;
      }
    }
    return best;
  }
}
