package io.tribunal.solver.checkpoints;

import io.tribunal.bindings.eip712.Bytes32;
import io.tribunal.bindings.eip712.EcdsaSignature;
import io.tribunal.bindings.eip712.Eip712Domain;
import io.tribunal.bindings.eip712.JobRequest;
import io.tribunal.protocol.job.JobHashes;
import io.tribunal.protocol.job.SignedSubmission;
import io.tribunal.solver.daemon.RelayService;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import org.web3j.crypto.Credentials;
import org.web3j.utils.Numeric;

/**
 * Signed relay submissions for one chain and market, for HTTP tests, and a relay that runs the real
 * off-chain validation ({@link RelayService#validate}) and answers 202 instead of sending a
 * transaction.
 */
public final class RelayFixture {
  static final JobHashes.HyperParams HP = JobHashes.HyperParams.of(32, "0.1", 8000);
  static final Credentials USER = Credentials.create("0x" + "42".repeat(32));

  /** A chain id and market with no chain behind them (validation only). */
  static final RelayFixture OFFLINE =
      new RelayFixture(31337, "0x5FbDB2315678afecb367f032d93F642f64180aa3");

  final long chain;
  final String market;

  RelayFixture(long chain, String market) {
    this.chain = chain;
    this.market = market;
  }

  /** RelayService's checks, then a 202 naming the job id (no chain). */
  Relay validatingRelay() {
    return body -> {
      RelayService.Validated v = RelayService.validate(body, chain, market);
      return "{\"jobId\":\"" + v.jobId().hex() + "\",\"txHash\":null}";
    };
  }

  JobRequest request(long nonce) {
    return new JobRequest(
        USER.getAddress(),
        Bytes32.keccakOf("mlp:784-16-10"),
        Bytes32.keccakOf("root"),
        "mnist",
        HP.hash(),
        BigInteger.valueOf(64),
        BigInteger.ONE,
        BigInteger.valueOf(25_000_000),
        BigInteger.valueOf(50_000_000),
        BigInteger.valueOf(2_000_000_000L),
        BigInteger.valueOf(2_000_086_400L),
        BigInteger.valueOf(nonce));
  }

  EcdsaSignature sign(JobRequest r) {
    return r.sign(Eip712Domain.jobMarket(chain, market), USER);
  }

  /** A correctly signed submission. */
  byte[] body(long nonce) {
    JobRequest r = request(nonce);
    return withSignature(r, sign(r).toHex());
  }

  /** The submission of {@code r} carrying {@code signatureHex} as its signature. */
  byte[] withSignature(JobRequest r, String signatureHex) {
    SignedSubmission s =
        new SignedSubmission(
            chain,
            market,
            SignedSubmission.Request.of(r),
            signatureHex,
            null,
            new SignedSubmission.Hyper(HP.batch(), HP.eta(), HP.datasetSize()),
            "mlp:784-16-10");
    return s.toJson().getBytes(StandardCharsets.UTF_8);
  }

  /** 65 bytes r ‖ s ‖ v as hex, r and s reduced to their low 256 bits. */
  /** A 65-byte r ‖ s ‖ v signature from raw values (reduced mod 2^256), valid or not. */
  public static String rsv(BigInteger r, BigInteger s, int v) {
    byte[] out = new byte[65];
    BigInteger mod = BigInteger.TWO.pow(256);
    System.arraycopy(Numeric.toBytesPadded(r.mod(mod), 32), 0, out, 0, 32);
    System.arraycopy(Numeric.toBytesPadded(s.mod(mod), 32), 0, out, 32, 32);
    out[64] = (byte) v;
    return Numeric.toHexString(out);
  }
}
