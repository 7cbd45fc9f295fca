package io.tribunal.challenger;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.SortedSet;
import java.util.TreeSet;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/**
 * Which transitions a challenger replays in {@code sample} mode: index_j = keccak256(secret ‖ jobId
 * ‖ j) mod n until k distinct ones. The secret is derived from the challenger's key, so a solver
 * cannot predict (or grind against) the sample, and a restarted challenger draws the same one.
 */
final class Samples {
  private final byte[] secret;

  Samples(Credentials key) {
    byte[] k = Numeric.toBytesPadded(key.getEcKeyPair().getPrivateKey(), 32);
    byte[] tag = "tribunal-challenger-sample".getBytes(StandardCharsets.UTF_8);
    byte[] in = new byte[k.length + tag.length];
    System.arraycopy(k, 0, in, 0, k.length);
    System.arraycopy(tag, 0, in, k.length, tag.length);
    this.secret = Hash.sha3(in);
  }

  SortedSet<Long> of(String jobId, long n, int k) {
    TreeSet<Long> out = new TreeSet<>();
    byte[] id = Numeric.hexStringToByteArray(jobId);
    for (long j = 0; out.size() < Math.min(n, k); j++) {
      byte[] in = new byte[96];
      System.arraycopy(secret, 0, in, 0, 32);
      System.arraycopy(id, 0, in, 64 - id.length, id.length);
      byte[] jw = Numeric.toBytesPadded(BigInteger.valueOf(j), 32);
      System.arraycopy(jw, 0, in, 64, 32);
      out.add(new BigInteger(1, Hash.sha3(in)).mod(BigInteger.valueOf(n)).longValueExact());
    }
    return out;
  }
}
