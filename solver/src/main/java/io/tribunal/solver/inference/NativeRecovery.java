package io.tribunal.solver.inference;

import fr.acinq.secp256k1.Secp256k1;
import io.tribunal.bindings.eip712.EcdsaSignature;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import org.bouncycastle.jcajce.provider.digest.Keccak;

/** libsecp256k1 recovery through acinq's JNI binding: ~3–4× the pure-Java speed. */
public final class NativeRecovery implements SignatureRecovery {
  private static final boolean AVAILABLE = probe();

  private static boolean probe() {
    try {
      Secp256k1.get();
      return true;
    } catch (Throwable e) {
      return false;
    }
  }

  public static boolean available() {
    return AVAILABLE;
  }

  @Override
  public Optional<String> recover(byte[] digest, EcdsaSignature signature) {
    byte[] rs = new byte[64];
    System.arraycopy(signature.r(), 0, rs, 0, 32);
    System.arraycopy(signature.s(), 0, rs, 32, 32);
    byte[] pub;
    try {
      pub = Secp256k1.get().ecdsaRecover(rs, digest, signature.v() - 27);
      if (pub.length == 33) {
        pub = Secp256k1.get().pubkeyParse(pub);
      }
    } catch (RuntimeException e) {
      return Optional.empty();
    }
    Keccak.Digest256 keccak = new Keccak.Digest256();
    keccak.update(pub, 1, 64);
    byte[] hash = keccak.digest();
    return Optional.of("0x" + HexFormat.of().formatHex(Arrays.copyOfRange(hash, 12, 32)));
  }

  @Override
  public String name() {
    return "libsecp256k1 (acinq JNI)";
  }
}
