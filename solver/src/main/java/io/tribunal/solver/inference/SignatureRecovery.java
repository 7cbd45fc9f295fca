package io.tribunal.solver.inference;

import io.tribunal.bindings.eip712.EcdsaSignature;
import java.util.Optional;

/**
 * ecrecover: the address (0x + 40 lower-case hex) that signed a 32-byte digest, or empty when the
 * signature does not recover. Same semantics as Solidity's {@code ecrecover} for v ∈ {27, 28}; the
 * low-S rule is checked separately (see {@link VoucherVerifier}).
 */
public interface SignatureRecovery {
  Optional<String> recover(byte[] digest, EcdsaSignature signature);

  String name();

  /** libsecp256k1 through acinq's JNI binding when its native library loads, else web3j/BC. */
  static SignatureRecovery best() {
    return NativeRecovery.available() ? new NativeRecovery() : new Web3jRecovery();
  }
}
