package io.tribunal.client.job;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.tribunal.core.model.MlpSpec;
import io.tribunal.core.tensor.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a fetched model is and where it came from, written next to its checkpoint by {@code job
 * result} as {@code model-card.json} (for {@code predict} and scripts) and {@code MODEL_CARD.md}
 * (for people). Every field comes from the chain or from the checked checkpoint itself, except the
 * held-out accuracy, which is measured here on the dataset's held-out split (null, with the reason,
 * when the dataset cannot be loaded).
 */
@JsonPropertyOrder({
  "job",
  "spec",
  "datasetUri",
  "datasetRoot",
  "steps",
  "heldOutAccuracyPercent",
  "heldOutNote",
  "modelHash",
  "traceRoot",
  "solver",
  "user",
  "priceUnits",
  "chainId",
  "jobMarket",
  "checkpoint",
  "source"
})
public record ModelCard(
    @JsonProperty("job") String job,
    @JsonProperty("spec") String spec,
    @JsonProperty("datasetUri") String datasetUri,
    @JsonProperty("datasetRoot") String datasetRoot,
    @JsonProperty("steps") long steps,
    @JsonProperty("heldOutAccuracyPercent") String heldOutAccuracyPercent,
    @JsonProperty("heldOutNote") String heldOutNote,
    @JsonProperty("modelHash") String modelHash,
    @JsonProperty("traceRoot") String traceRoot,
    @JsonProperty("solver") String solver,
    @JsonProperty("user") String user,
    @JsonProperty("priceUnits") String priceUnits,
    @JsonProperty("chainId") long chainId,
    @JsonProperty("jobMarket") String jobMarket,
    @JsonProperty("checkpoint") String checkpoint,
    @JsonProperty("source") String source) {

  public static final String JSON_FILE = "model-card.json";
  public static final String TEXT_FILE = "MODEL_CARD.md";
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /**
   * The MLP spec whose parameters (W1, b1, W2, b2, …) have these shapes; each W is stored output by
   * input (the engine multiplies by its transpose).
   */
  public static MlpSpec specOf(List<Tensor> parameters) {
    if (parameters.isEmpty() || parameters.size() % 2 != 0) {
      throw new IllegalArgumentException(
          "not an MLP state: " + parameters.size() + " parameter tensors");
    }
    List<Integer> widths = new ArrayList<>();
    widths.add(parameters.get(0).cols());
    for (int l = 0; l < parameters.size(); l += 2) {
      widths.add(parameters.get(l).rows());
    }
    return MlpSpec.parse("mlp:" + String.join("-", widths.stream().map(String::valueOf).toList()));
  }

  /** Writes both files into {@code dir}. */
  public void writeTo(Path dir) {
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve(JSON_FILE), JSON.writeValueAsString(this) + "\n");
      Files.writeString(dir.resolve(TEXT_FILE), text());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the model card into " + dir, e);
    }
  }

  public static ModelCard read(Path file) {
    try {
      return JSON.readValue(file.toFile(), ModelCard.class);
    } catch (IOException e) {
      throw new IllegalArgumentException("unreadable model card " + file + ": " + e.getMessage());
    }
  }

  private String text() {
    return "# Model card: "
        + spec
        + "\n\n"
        + "Trained by job `"
        + job
        + "` on chain "
        + chainId
        + " (JobMarket `"
        + jobMarket
        + "`), finalized: nobody proved its training wrong within the challenge window.\n\n"
        + "| | |\n|---|---|\n"
        + "| model | `"
        + spec
        + "` (Q16.16 fixed point) |\n"
        + "| dataset | `"
        + datasetUri
        + "`, Merkle root `"
        + datasetRoot
        + "` |\n"
        + "| training | "
        + steps
        + " SGD steps |\n"
        + "| held-out accuracy | "
        + (heldOutAccuracyPercent != null ? heldOutAccuracyPercent + " %" : "not measured")
        + (heldOutNote != null ? " (" + heldOutNote + ")" : "")
        + " |\n"
        + "| model hash | `"
        + modelHash
        + "` (the state hash the chain finalized) |\n"
        + "| trace root | `"
        + traceRoot
        + "` |\n"
        + "| solver | `"
        + solver
        + "` |\n"
        + "| user, price | `"
        + user
        + "`, "
        + priceUnits
        + " base units |\n"
        + "| checkpoint | `checkpoints/"
        + checkpoint
        + "`, "
        + source
        + " |\n\n"
        + "Run it locally: `tribunal predict --model <this folder> --input digits.csv`.\n";
  }
}
