package io.tribunal.protocol.da;

import io.tribunal.core.tensor.Tensor;
import io.tribunal.protocol.chain.ChainReader;
import io.tribunal.protocol.dispute.RowTrees;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;

/** A demanded state as the chain published it: blob rows and calldata rows, checked and rebuilt. */
public final class PublishedStateReader {
  private PublishedStateReader() {}

  /**
   * The state demand {@code id} published, rebuilt from the chain: rows the answer carried in blobs
   * (fetched from {@code blobs}, each checked against its versioned hash), then the calldata rows
   * of RowsPublished events, which the contract checked. Empty while rows are missing, or if the
   * rebuilt tensors do not give the posted roots (a blob of wrong rows).
   */
  public static Optional<List<Tensor>> read(
      DataChain data,
      ChainReader reader,
      BigInteger id,
      List<Integer> widths,
      Optional<BeaconBlobs> blobs) {
    List<int[]> shapes = StateChunks.shapes(widths);
    PublishedState state = new PublishedState(shapes);
    List<DataChain.BlobChunk> inBlobs = data.blobChunks(reader, id);
    if (blobs.isPresent()) {
      for (DataChain.BlobChunk c : inBlobs) {
        blobRows(blobs.get(), c, shapes)
            .ifPresent(rows -> state.add(c.tensor(), c.firstRow(), rows));
      }
    }
    for (DataChain.PublishedRows r : data.rowsPublished(reader, id)) {
      state.add(r.tensor(), r.firstRow(), r.rows());
    }
    if (!state.complete()) {
      return Optional.empty();
    }
    List<Tensor> params = state.parameters();
    if (!inBlobs.isEmpty()
        && !data.postedRoots(reader, id).map(r -> r.equals(RowTrees.roots(params))).orElse(false)) {
      return Optional.empty();
    }
    return Optional.of(params);
  }

  /** The rows blob chunk {@code c} carries, if its blob is served and decodes to its shape. */
  public static Optional<List<byte[]>> blobRows(
      BeaconBlobs blobs, DataChain.BlobChunk c, List<int[]> shapes) {
    if (c.tensor() < 0 || c.tensor() >= shapes.size()) {
      return Optional.empty();
    }
    int rowBytes = 4 * shapes.get(c.tensor())[1];
    return blobs
        .blob(c.block(), c.versionedHash())
        .flatMap(
            b -> {
              try {
                return Optional.of(BlobCodec.decode(b, c.count(), rowBytes));
              } catch (IllegalArgumentException e) {
                return Optional.empty();
              }
            });
  }
}
