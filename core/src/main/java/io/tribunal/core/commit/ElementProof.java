package io.tribunal.core.commit;

/** Membership proof of one tensor element: the proof of its row plus the column. */
public record ElementProof(RowProof rowProof, int col) {
  public int value() {
    return rowProof.row()[col];
  }

  public boolean verify(Hash32 tensorRoot) {
    return col >= 0 && col < rowProof.cols() && rowProof.verify(tensorRoot);
  }
}
