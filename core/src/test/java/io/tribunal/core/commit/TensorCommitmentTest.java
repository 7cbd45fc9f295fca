package io.tribunal.core.commit;

import static org.assertj.core.api.Assertions.assertThat;

import io.tribunal.core.TestValues;
import io.tribunal.core.tensor.Parallel;
import io.tribunal.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TensorCommitmentTest {
  @Test
  void everyRowAndElementProofVerifiesAndTamperedOnesFail() {
    Random r = new Random(1);
    for (int rows : new int[] {1, 2, 3, 5, 8, 13}) {
      Tensor t = TestValues.tensor(r, rows, 4, 2);
      TensorCommitment c = TensorCommitment.of(t);
      Hash32 root = c.root();
      for (int i = 0; i < rows; i++) {
        RowProof p = c.proveRow(t, i);
        assertThat(p.verify(root)).isTrue();
        int[] bad = p.row();
        bad[0] ^= 1;
        assertThat(new RowProof(rows, 4, i, bad, p.siblings()).verify(root)).isFalse();
        assertThat(new RowProof(rows + 1, 4, i, p.row(), p.siblings()).verify(root)).isFalse();
        ElementProof e = c.proveElement(t, i, 3);
        assertThat(e.verify(root)).isTrue();
        assertThat(e.value()).isEqualTo(t.get(i, 3));
        if (rows > 1) {
          int other = (i + 1) % rows;
          assertThat(new RowProof(rows, 4, other, p.row(), p.siblings()).verify(root)).isFalse();
        }
      }
    }
  }

  @Test
  void rootIsIndependentOfThreadCountAndBindsShape() {
    Tensor t = TestValues.tensor(new Random(2), 37, 11, 2);
    try (Parallel pool = Parallel.of(8)) {
      assertThat(TensorCommitment.of(t, pool).root()).isEqualTo(TensorCommitment.of(t).root());
    }
    Tensor flat = Tensor.of(new int[][] {{1, 2, 3, 4}});
    Tensor column = Tensor.of(new int[][] {{1}, {2}, {3}, {4}});
    assertThat(TensorCommitment.of(flat).root()).isNotEqualTo(TensorCommitment.of(column).root());
  }

  @Test
  void traceIncludesTheFinalStateWhenIntervalDoesNotDivideSteps() {
    assertThat(TraceCommitment.checkpointSteps(10, 4)).containsExactly(0L, 4L, 8L, 10L);
    assertThat(TraceCommitment.checkpointSteps(8, 4)).containsExactly(0L, 4L, 8L);
    List<Hash32> hashes = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      hashes.add(Keccak.hash(new byte[] {(byte) i}));
    }
    TraceCommitment trace = TraceCommitment.of(Hash32.ZERO, 10, 4, hashes);
    Hash32 leaf = TraceCommitment.leaf(10, hashes.get(3));
    assertThat(PositionalTree.rootFromProof(leaf, 3, trace.proof(3))).isEqualTo(trace.treeRoot());
  }

  @Test
  void keccakIsEthereumKeccakNotSha3() {
    assertThat(Keccak.hash(new byte[0]).hex())
        .isEqualTo("0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
  }
}
