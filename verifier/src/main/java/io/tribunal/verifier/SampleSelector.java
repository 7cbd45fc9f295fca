package io.tribunal.verifier;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/**
 * Which transitions a verifier replays and attests: index_j = uint256(keccak256(abi.encode(
 * randomness, verifier, j))) mod n for j = 0 .. k−1, exactly JobMarket's {@code sampleIndex}, which
 * checks an attestation covers this sample and nothing the verifier picked itself. Indices may
 * repeat (a repeat is replayed once). The randomness is JobMarket's, fixed only after the
 * commitment, so the solver could not know the sample; the verifier's address makes different
 * verifiers check different transitions.
 */
public final class SampleSelector {
  private SampleSelector() {}

  public static List<Long> sample(byte[] randomness, String verifier, long n, int k) {
    if (n <= 0 || k <= 0) {
      throw new IllegalArgumentException("need n > 0 transitions and k > 0 samples");
    }
    List<Long> out = new ArrayList<>(k);
    byte[] addr = Numeric.hexStringToByteArray(verifier);
    for (long j = 0; j < k; j++) {
      byte[] enc = new byte[96];
      System.arraycopy(randomness, 0, enc, 0, 32);
      System.arraycopy(addr, 0, enc, 64 - addr.length, addr.length);
      byte[] jw = Numeric.toBytesPadded(BigInteger.valueOf(j), 32);
      System.arraycopy(jw, 0, enc, 64, 32);
      out.add(new BigInteger(1, Hash.sha3(enc)).mod(BigInteger.valueOf(n)).longValueExact());
    }
    return out;
  }
}
