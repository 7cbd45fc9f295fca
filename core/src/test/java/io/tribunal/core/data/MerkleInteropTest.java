package io.tribunal.core.data;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tribunal.core.TestDatasets;
import io.tribunal.core.commit.Hash32;
import io.tribunal.core.commit.TensorCommitment;
import io.tribunal.core.model.KeccakRng;
import io.tribunal.core.tensor.Parallel;
import io.tribunal.core.tensor.Tensor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Our dataset root and proofs equal {@code @openzeppelin/merkle-tree}'s (run by node via
 * contracts/scripts/merkle-tree-interop.js), and our keccak generator words and tensor row leaves
 * equal ethers' encodings of the documented layouts.
 */
class MerkleInteropTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void datasetRootAndProofsEqualOpenZeppelinMerkleTreeForMnistSamples() throws Exception {
    Dataset train = TestDatasets.mnist().train();
    int[] picks = {0, 1, 799, 800, 4321, 7999, 5, 3000, 6001};
    int[][] rows = new int[picks.length][];
    int[] labels = new int[picks.length];
    for (int k = 0; k < picks.length; k++) {
      rows[k] = train.features().row(picks[k]);
      labels[k] = train.label(picks[k]);
    }
    Dataset sample = new Dataset("sample", Tensor.wrap(784, rows), labels, 10);
    DatasetCommitment ours = DatasetCommitment.of(sample, Parallel.serial());

    ObjectNode req = JSON.createObjectNode();
    ObjectNode ds = req.putObject("dataset");
    ArrayNode types = ds.putArray("types");
    for (String t : SampleEncoding.OZ_TYPES) {
      types.add(t);
    }
    ArrayNode values = ds.putArray("values");
    for (int i = 0; i < sample.size(); i++) {
      values
          .addArray()
          .add(Integer.toString(i))
          .add(Integer.toString(sample.label(i)))
          .add(
              "0x"
                  + HexFormat.of()
                      .formatHex(SampleEncoding.packFeatures(sample.features().row(i))));
    }
    ArrayNode words = req.putArray("rngWords");
    long[][] wordArgs = {{1, 1, 0, 0}, {7, 2, 12345, 31}, {Long.MAX_VALUE, 2, 3, 4}};
    for (long[] w : wordArgs) {
      ArrayNode a = words.addArray();
      for (long v : w) {
        a.add(Long.toString(v));
      }
    }
    ArrayNode leaves = req.putArray("rowLeaves");
    int[] row = {Integer.MIN_VALUE, -1, 0, 1, Integer.MAX_VALUE, 65536};
    leaves.addObject().put("index", 5).set("row", JSON.valueToTree(row));

    JsonNode answer = runNode(req);
    assertThat(answer.at("/dataset/root").asText()).isEqualTo(ours.root().hex());
    for (int i = 0; i < sample.size(); i++) {
      List<String> proof = new ArrayList<>();
      answer.at("/dataset/proofs/" + i).forEach(n -> proof.add(n.asText()));
      assertThat(proof).isEqualTo(ours.proof(i).stream().map(Hash32::hex).toList());
      assertThat(
              StandardMerkleTree.verify(
                  ours.root(), DatasetCommitment.leaf(sample, i), ours.proof(i)))
          .isTrue();
    }
    for (int k = 0; k < wordArgs.length; k++) {
      long[] w = wordArgs[k];
      assertThat(answer.at("/rngWords/" + k).asText())
          .isEqualTo(KeccakRng.word(w[0], w[1], w[2], w[3]).hex());
    }
    assertThat(answer.at("/rowLeaves/0").asText())
        .isEqualTo(TensorCommitment.rowLeaf(5, row).hex());
  }

  private static JsonNode runNode(ObjectNode request) throws Exception {
    Path contracts = TestDatasets.CONTRACTS;
    Path script = contracts.resolve("scripts").resolve("merkle-tree-interop.js");
    Process p = new ProcessBuilder("node", script.toString()).start();
    p.getOutputStream().write(JSON.writeValueAsBytes(request));
    p.getOutputStream().close();
    byte[] out = p.getInputStream().readAllBytes();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("node failed: %s", err).isZero();
    return JSON.readTree(out);
  }
}
