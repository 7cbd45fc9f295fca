package io.tribunal.protocol.job;

import io.tribunal.bindings.eip712.Bytes32;
import io.tribunal.core.model.MlpSpec;
import io.tribunal.core.model.TrainingConfig;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/**
 * The one place that defines how a job's model spec and hyper-parameters are hashed into the
 * user-signed {@code JobRequest}. Clients, solvers, verifiers and the dispute game must agree:
 *
 * <ul>
 *   <li>{@code modelSpecHash = keccak256(utf8(canonical spec))}, e.g. {@code "mlp:784-128-10"} (the
 *       DisputeGame checks {@code keccak256(bytes("mlp:" + widths joined by "-"))});
 *   <li>{@code hyperParamsHash = keccak256(abi.encode(uint256 batch, uint256 eta, uint256
 *       datasetSize))}, eta = core's Q8.24 {@code lr / B} (the DisputeGame's {@code
 *       hyperParamsHash(HyperParams)}).
 * </ul>
 *
 * The checkpoint interval K is the solver's choice, committed with the trace.
 */
public final class JobHashes {
  private JobHashes() {}

  public static Bytes32 modelSpecHash(MlpSpec spec) {
    return new Bytes32(Hash.sha3(spec.canonical().getBytes(StandardCharsets.UTF_8)));
  }

  public static Bytes32 hyperParamsHash(HyperParams hp) {
    byte[] enc = new byte[96];
    word(enc, 0, BigInteger.valueOf(hp.batch()));
    word(enc, 32, BigInteger.valueOf(hp.eta()));
    word(enc, 64, BigInteger.valueOf(hp.datasetSize()));
    return new Bytes32(Hash.sha3(enc));
  }

  private static void word(byte[] out, int at, BigInteger v) {
    byte[] b = Numeric.toBytesPadded(v, 32);
    System.arraycopy(b, 0, out, at, 32);
  }

  /**
   * The hashed hyper-parameters: batch size B, eta (Q8.24, = round(lr · 2^24 / B); 0 for an
   * op-graph job, whose step sizes are attributes of its graph) and the training-set size N batch
   * indices are drawn from.
   */
  public record HyperParams(int batch, long eta, long datasetSize) {
    public HyperParams {
      if (batch < 1 || batch > 1 << 16) {
        throw new IllegalArgumentException("batch must be in [1, 65536], got " + batch);
      }
      if (eta < 0 || eta > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("eta must be in [0, 2^31), got " + eta);
      }
      if (datasetSize < 1) {
        throw new IllegalArgumentException("dataset size must be >= 1, got " + datasetSize);
      }
    }

    public static HyperParams of(int batch, String learningRate, long datasetSize) {
      return new HyperParams(batch, TrainingConfig.eta(learningRate, batch), datasetSize);
    }

    /** A learning-rate text that gives exactly this eta (eta · B / 2^24, a finite decimal). */
    public String learningRate() {
      return new java.math.BigDecimal(BigInteger.valueOf(eta).multiply(BigInteger.valueOf(batch)))
          .divide(java.math.BigDecimal.valueOf(1L << 24))
          .stripTrailingZeros()
          .toPlainString();
    }

    public Bytes32 hash() {
      return hyperParamsHash(this);
    }
  }
}
