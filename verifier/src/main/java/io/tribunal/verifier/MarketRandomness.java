package io.tribunal.verifier;

import io.tribunal.node.daemon.DaemonRuntime;
import java.math.BigInteger;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The post-commit randomness that draws a job's verifier seats. If nobody has recorded it yet, the
 * verifier records it once its anchor block is mined. The intent is keyed by the anchor: a record
 * sent after the anchor's hash was gone only moves the anchor to a future block, and the record
 * after that one is a new transaction.
 */
final class MarketRandomness {
  private static final Logger LOG = LoggerFactory.getLogger(VerifierDaemon.class);

  private final DaemonRuntime rt;

  MarketRandomness(DaemonRuntime rt) {
    this.rt = rt;
  }

  /** The job's randomness: the one on-chain, else recorded now; empty while it cannot be yet. */
  Optional<byte[]> ensure(String id, byte[] jobId, byte[] onChain) {
    if (!isZero(onChain)) {
      return Optional.of(onChain);
    }
    long anchor =
        rt.reader()
            .view("randomnessAnchor", () -> rt.contracts().market().randomnessAnchor(jobId).send())
            .longValueExact();
    if (rt.reader().head() <= anchor) {
      return Optional.empty(); // the anchor block is not mined yet
    }
    rt.tx()
        .send(
            io.tribunal.node.chain.Intents.randomness(id, anchor),
            rt.contracts().marketAddress(),
            rt.contracts().market().recordRandomness(jobId).encodeFunctionCall());
    byte[] recorded =
        rt.reader().view("randomnessOf", () -> rt.contracts().market().randomnessOf(jobId).send());
    if (isZero(recorded)) {
      LOG.info("job {}: nobody recorded the randomness in time; its anchor moved", id);
      return Optional.empty();
    }
    return Optional.of(recorded);
  }

  private static boolean isZero(byte[] word) {
    return new BigInteger(1, word).signum() == 0;
  }
}
