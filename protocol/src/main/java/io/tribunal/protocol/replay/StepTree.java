package io.tribunal.protocol.replay;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tribunal.core.commit.Hash32;
import io.tribunal.core.commit.TraceCommitment;
import io.tribunal.protocol.dispute.MerkleLevels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

/**
 * The step tree a solver commits with its trace (JobMarket.commit's {@code stepRoot}): the
 * positional tree over every per-step trace leaf L_s = keccak(0x04 ‖ s ‖ h_s), s = 0..n. The solver
 * publishes the leaves (file {@code steps.json}), never the state hashes h_s inside an interval; a
 * verifier's attestation names h_t and h_{t+1} for each sampled transition with their paths here,
 * so only a verifier that replayed can attest.
 */
public final class StepTree {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final MerkleLevels tree;

  private StepTree(MerkleLevels tree) {
    this.tree = tree;
  }

  /** The tree over per-step trace leaves L_0..L_n. */
  public static StepTree of(List<Hash32> stepLeaves) {
    return new StepTree(MerkleLevels.of(stepLeaves));
  }

  public Hash32 root() {
    return tree.root();
  }

  /** Steps n: the tree has n + 1 leaves. */
  public long steps() {
    return tree.leafCount() - 1L;
  }

  public Hash32 leaf(long step) {
    return tree.leaf(Math.toIntExact(step));
  }

  /** Whether {@code stateHash} is the state at {@code step} this tree commits. */
  public boolean opens(long step, Hash32 stateHash) {
    return step >= 0 && step <= steps() && leaf(step).equals(TraceCommitment.leaf(step, stateHash));
  }

  /** Bottom-up path of leaf {@code step} (JobMarket checks it against the step root). */
  public List<Hash32> path(long step) {
    return tree.proof(step, tree.height());
  }

  /** Writes the leaves as {@code {"leaves": ["0x…", …]}} (atomically). */
  public void write(Path file) {
    try {
      List<String> hex =
          java.util.stream.IntStream.range(0, tree.leafCount())
              .mapToObj(i -> tree.leaf(i).hex())
              .toList();
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.writeString(tmp, JSON.writeValueAsString(Map.of("leaves", hex)));
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot write " + file, e);
    }
  }

  /** Reads a {@code steps.json}; a malformed file is an {@link IllegalArgumentException}. */
  public static StepTree read(Path file) {
    try {
      var node = JSON.readTree(Files.readString(file)).get("leaves");
      if (node == null || !node.isArray() || node.isEmpty()) {
        throw new IllegalArgumentException(file + " has no \"leaves\" array");
      }
      List<Hash32> leaves = new java.util.ArrayList<>(node.size());
      for (var n : node) {
        leaves.add(Hash32.fromHex(n.asText()));
      }
      return of(leaves);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }
}
