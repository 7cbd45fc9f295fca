package io.tribunal.cli.train;

import io.tribunal.core.tensor.Parallel;
import io.tribunal.core.tensor.Tensor;
import io.tribunal.protocol.graph.GraphForward;
import io.tribunal.protocol.graph.TokenSampler;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Next characters from a trained {@code gpt:} model, in fixed point: the forward half of the
 * model's graph rebuilt for one window (B = 1, N = 1), run on the last T tokens of the text so far,
 * and {@link TokenSampler} on the logits of the last of them. A text shorter than T fills the first
 * positions and token 0 fills the rest: attention is causal, so the filler never reaches the logits
 * read.
 */
final class TextGenerator {
  private final TrainedGraph model;
  private final GraphForward forward;
  private final int context;
  private final int[] vocabulary;

  TextGenerator(TrainedGraph model) {
    GraphManifest.Run run = model.manifest().run();
    if (!GraphModels.isText(run.model())) {
      throw new IllegalArgumentException(
          "the model is "
              + run.model()
              + ", not a character model (gpt:...): it cannot generate text");
    }
    this.model = model;
    this.context = GraphModels.context(run.model());
    this.vocabulary = model.vocabulary();
    this.forward =
        new GraphForward(GraphModels.graph(run.model(), vocabulary.length, run.optimizer(), 1, 1));
  }

  int context() {
    return context;
  }

  /** Token ids of the prompt; IllegalArgumentException naming every character not known. */
  int[] encode(String prompt) {
    if (prompt.isEmpty()) {
      throw new IllegalArgumentException("--prompt needs at least one character");
    }
    int[] points = prompt.codePoints().toArray();
    int[] ids = new int[points.length];
    Set<String> unknown = new LinkedHashSet<>();
    for (int i = 0; i < points.length; i++) {
      ids[i] = Arrays.binarySearch(vocabulary, points[i]);
      if (ids[i] < 0) {
        unknown.add(describe(points[i]));
      }
    }
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException(
          "the prompt has characters outside the model's vocabulary of "
              + vocabulary.length
              + ": "
              + String.join(", ", unknown));
    }
    return ids;
  }

  /** The code point of token id {@code t}. */
  int codePoint(int t) {
    return vocabulary[t];
  }

  /** The token after {@code text[0..length)} at generated position {@code position}. */
  int next(int[] text, int length, long temperature, long seed, long position, Parallel parallel) {
    int used = Math.min(length, context);
    int[] window = new int[context + 1];
    System.arraycopy(text, length - used, window, 0, used);
    List<Tensor> data =
        List.of(Tensor.wrap(context + 1, new int[][] {window}), Tensor.wrap(1, new int[][] {{0}}));
    Tensor logits = forward.logits(model.parameters(), data, new int[] {0}, parallel);
    return TokenSampler.sample(logits.row(used - 1), temperature, seed, position);
  }

  private static String describe(int codePoint) {
    return Character.isISOControl(codePoint) || Character.isWhitespace(codePoint)
        ? String.format("U+%04X", codePoint)
        : "'" + Character.toString(codePoint) + "' (U+" + String.format("%04X", codePoint) + ")";
  }
}
