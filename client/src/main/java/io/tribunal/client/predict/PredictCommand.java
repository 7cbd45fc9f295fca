package io.tribunal.client.predict;

import io.tribunal.client.sdk.JsonOutput;
import io.tribunal.core.tensor.Parallel;
import io.tribunal.core.tensor.Tensor;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tribunal predict}: free local inference with a model you hold. */
@Command(
    name = "predict",
    mixinStandardHelpOptions = true,
    description = {
      "Run inputs through a model you hold, locally and for free, with the engine's own",
      "fixed-point forward pass (the same bits a paid server and the held-out check compute).",
      "",
      "--model: a 'tribunal job result --out' folder (its model card names the model) or a",
      "'tribunal train --out' folder (the last checkpoint).",
      "--input: JSON integers, already Q16.16 ([0, 32768, ...] or {\"input\": [...]});",
      "JSON decimals ([0.0, 0.5, ...], or [[...], [...]] for several); or CSV, one example per",
      "line of comma-separated decimals (a header line is skipped, a 'label' column dropped).",
      "Decimals become Q16.16 as value x 65536, rounded half away from zero.",
      "",
      "Prints each example's predicted class and its class probabilities (softmax of the",
      "logits, for reading only)."
    },
    footer = {
      "",
      "Example: tribunal predict --model model/ --input digits.csv --top 3",
      "         tribunal predict --model runs/mnist --input digit.json --json"
    })
public final class PredictCommand implements Callable<Integer> {
  @Option(names = "--model", required = true, paramLabel = "DIR", description = "Model folder.")
  Path model;

  @Option(
      names = "--input",
      required = true,
      paramLabel = "FILE",
      description = "Input file (JSON or CSV, see above), or - for stdin.")
  String input;

  @Option(
      names = "--top",
      defaultValue = "3",
      description = "Classes shown per example in text output. Default: ${DEFAULT-VALUE}")
  int top;

  @picocli.CommandLine.Mixin io.tribunal.client.sdk.JsonFlag json;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    if (top < 1) {
      throw new IllegalArgumentException("--top must be at least 1, got " + top);
    }
    ModelFolder m = ModelFolder.open(model);
    List<int[]> rows = InputRows.read(input, m.spec().inputWidth());
    Tensor logits =
        io.tribunal.core.train.ForwardPass.logits(
            m.spec(),
            m.state().parameters(),
            Tensor.wrap(m.spec().inputWidth(), rows.toArray(int[][]::new)),
            Parallel.serial());
    PrintWriter out = spec.commandLine().getOut();
    List<Map<String, Object>> predictions = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      int[] l = logits.row(i);
      double[] p = Probabilities.of(l);
      if (json.on()) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("class", io.tribunal.core.train.ForwardPass.argmax(l));
        row.put("probabilities", p);
        row.put("logits", l);
        predictions.add(row);
      } else {
        out.printf(
            "%d: class %d   %s%n",
            i + 1, io.tribunal.core.train.ForwardPass.argmax(l), Probabilities.describe(p, top));
      }
    }
    if (json.on()) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("model", m.description());
      doc.put("predictions", predictions);
      JsonOutput.print(out, doc);
    }
    return 0;
  }
}
