package io.tribunal.verifier;

import java.math.BigInteger;
import java.util.TreeSet;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/**
 * Which transitions a verifier replays: index_j = uint256(keccak256(abi.encode(randomness,
 * verifier, j))) mod n, for j = 0, 1, ... until k distinct indices (or all n). The randomness is
 * JobMarket's, fixed only after the commitment, so the solver could not know the sample; the
 * verifier's address makes different verifiers check different transitions.
 */
public final class SampleSelector {
  private SampleSelector() {}

  public static TreeSet<Long> sample(byte[] randomness, String verifier, long n, int k) {
    TreeSet<Long> out = new TreeSet<>();
    long want = Math.min(n, k);
    for (long j = 0; out.size() < want; j++) {
      byte[] enc = new byte[96];
      System.arraycopy(randomness, 0, enc, 0, 32);
      byte[] addr = Numeric.hexStringToByteArray(verifier);
      System.arraycopy(addr, 0, enc, 64 - addr.length, addr.length);
      byte[] jw = Numeric.toBytesPadded(BigInteger.valueOf(j), 32);
      System.arraycopy(jw, 0, enc, 64, 32);
      out.add(new BigInteger(1, Hash.sha3(enc)).mod(BigInteger.valueOf(n)).longValueExact());
    }
    return out;
  }
}
