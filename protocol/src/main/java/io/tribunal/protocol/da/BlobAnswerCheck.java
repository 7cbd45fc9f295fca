package io.tribunal.protocol.da;

import io.tribunal.core.commit.Hash32;
import io.tribunal.core.tensor.Tensor;
import io.tribunal.protocol.chain.ChainReader;
import io.tribunal.protocol.dispute.RowTrees;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Checks a data demand's blob answer the way the contract cannot: every blob chunk is fetched
 * (checked against its versioned hash) and decoded, and every tensor, rebuilt from its blob and
 * calldata rows, must give the root the solver posted (which the contract checked against the
 * committed trace). The chunks to object to are those whose blob is not served or does not decode,
 * and every blob chunk of a tensor that does not rebuild its root.
 */
public final class BlobAnswerCheck {
  private BlobAnswerCheck() {}

  /** The verdict: chunk indexes to object to (not yet objected), and why. */
  public record Verdict(List<Integer> objections, List<String> reasons) {
    public boolean clean() {
      return objections.isEmpty();
    }
  }

  public static Verdict check(
      DataChain data, ChainReader reader, BeaconBlobs blobs, BigInteger id, List<Integer> widths) {
    List<int[]> shapes = StateChunks.shapes(widths);
    List<DataChain.BlobChunk> chunks = data.blobChunks(reader, id);
    List<Hash32> roots =
        data.postedRoots(reader, id)
            .orElseThrow(() -> new IllegalStateException("demand " + id + " has no posted roots"));
    PublishedState state = new PublishedState(shapes);
    boolean[] bad = new boolean[chunks.size()];
    List<String> reasons = new ArrayList<>();
    for (DataChain.BlobChunk c : chunks) {
      Optional<List<byte[]>> rows = PublishedStateReader.blobRows(blobs, c, shapes);
      if (rows.isPresent()) {
        state.add(c.tensor(), c.firstRow(), rows.get());
      } else {
        bad[c.index()] = true;
        reasons.add("blob chunk " + c.index() + " (" + c.versionedHash() + ") is not served");
      }
    }
    for (var log : data.rowsPublished(reader, id)) {
      state.add(log.tensor(), log.firstRow(), log.rows());
    }
    for (int t = 0; t < shapes.size(); t++) {
      Optional<Tensor> tensor = state.tensor(t);
      boolean ok = tensor.isPresent() && RowTrees.of(tensor.get()).root().equals(roots.get(t));
      if (ok) {
        continue;
      }
      for (DataChain.BlobChunk c : chunks) {
        if (c.tensor() == t && !bad[c.index()]) {
          bad[c.index()] = true;
          reasons.add(
              "blob chunk " + c.index() + ": tensor " + t + " does not rebuild its posted root");
        }
      }
    }
    List<Integer> objections = new ArrayList<>();
    for (DataChain.BlobChunk c : chunks) {
      if (bad[c.index()] && !c.objected()) {
        objections.add(c.index());
      }
    }
    return new Verdict(List.copyOf(objections), List.copyOf(reasons));
  }
}
