package io.tribunal.core.commit;

import java.util.List;

/**
 * h_t = keccak256(0x03 || uint64 t || root(P_0) || root(P_1) || ...) over the parameter tensors in
 * program order (W1, b1, W2, b2, ...): binds the step index and every parameter.
 */
public final class StateHash {
  private StateHash() {}

  public static Hash32 of(long step, List<Hash32> parameterRoots) {
    Keccak.Packer p = Keccak.packer(9 + 32 * parameterRoots.size()).u8(Domain.STATE).u64(step);
    parameterRoots.forEach(p::hash);
    return p.keccak();
  }
}
