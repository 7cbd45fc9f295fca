package io.tribunal.explorer.index;

import io.tribunal.core.commit.Keccak;
import io.tribunal.core.model.MlpSpec;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.web3j.utils.Numeric;

/**
 * The preimages a job's submission carries in its calldata: {@code JobMarket.submitJob(request,
 * signature, permit, hyperParams, widths)} ABI-encodes the request and the signature by offset, the
 * permit (5 words) and the hyper-parameters (batch, eta, dataset size) inline, and the widths by
 * offset. The chain itself keeps only their hashes; this is how the explorer names a job's model
 * ("mlp:784-16-10") and its ops. A decoding is kept only when the spec it gives hashes to the job's
 * {@code modelSpecHash}, so any other calldata (a relaying contract, a future encoding) reads as
 * unknown.
 */
public final class SubmitCalldata {
  private static final int HEAD_WORDS = 11;
  private static final int MAX_LAYERS = 64;

  /** What a submission reveals: the model spec and the hyper-parameters. */
  public record Revealed(String spec, int batch, long eta, long datasetSize) {}

  private SubmitCalldata() {}

  public static Optional<Revealed> decode(String inputHex, String modelSpecHash) {
    try {
      byte[] in = Numeric.hexStringToByteArray(inputHex);
      if (in.length < 4 + 32 * HEAD_WORDS) {
        return Optional.empty();
      }
      int batch = word(in, 7).intValueExact();
      long eta = word(in, 8).longValueExact();
      long datasetSize = word(in, 9).longValueExact();
      int at = 4 + word(in, 10).intValueExact();
      if (at + 32 > in.length) {
        return Optional.empty();
      }
      int n = wordAt(in, at).intValueExact();
      if (n < 2 || n > MAX_LAYERS + 1 || at + 32 * (n + 1) > in.length) {
        return Optional.empty();
      }
      List<String> widths = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        widths.add(wordAt(in, at + 32 * (i + 1)).toString());
      }
      MlpSpec spec = MlpSpec.parse("mlp:" + String.join("-", widths));
      String hash = Hex.of(Keccak.hash(spec.canonical().getBytes(StandardCharsets.UTF_8)).bytes());
      if (!hash.equals(modelSpecHash)) {
        return Optional.empty();
      }
      return Optional.of(new Revealed(spec.canonical(), batch, eta, datasetSize));
    } catch (RuntimeException e) { // not a submitJob call we can read: the job's spec stays unknown
      return Optional.empty();
    }
  }

  private static BigInteger word(byte[] in, int index) {
    return wordAt(in, 4 + 32 * index);
  }

  private static BigInteger wordAt(byte[] in, int offset) {
    byte[] w = new byte[32];
    System.arraycopy(in, offset, w, 0, 32);
    return new BigInteger(1, w);
  }
}
