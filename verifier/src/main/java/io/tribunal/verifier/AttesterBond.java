package io.tribunal.verifier;

import io.tribunal.bindings.eip712.Bytes32;
import io.tribunal.bindings.generated.JobMarket;
import io.tribunal.node.chain.DurableTxSender;
import io.tribunal.protocol.chain.ChainReader;
import io.tribunal.protocol.chain.Contracts;
import java.math.BigInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.abi.EventEncoder;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

/**
 * Gets this verifier's attestation bond back after a job it attested was settled as cheated: it
 * reads its own {@code JobAttested} event and reveals it to {@code JobMarket.settleAttestation}.
 * The market releases the bond unless the attestation confirmed the very transition the game proved
 * wrong (then the bond goes to the treasury, which an honest replay never causes). On a finalized
 * job the market releases the bond by itself.
 */
final class AttesterBond {
  private static final Logger LOG = LoggerFactory.getLogger(AttesterBond.class);

  private final Contracts contracts;
  private final ChainReader reader;
  private final DurableTxSender tx;
  private final String me;

  AttesterBond(Contracts contracts, ChainReader reader, DurableTxSender tx) {
    this.contracts = contracts;
    this.reader = reader;
    this.tx = tx;
    this.me = tx.address();
  }

  /** Reveals this verifier's attestation of cheated job {@code id}; journaled, sent once. */
  void settle(String id, byte[] jobId, BigInteger commitBlock) {
    JobMarket.JobAttestedEventResponse mine = ownAttestation(id, commitBlock);
    if (mine == null) {
      LOG.warn(
          "job {}: cheated, but no attestation by {} found on-chain; nothing to settle", id, me);
      return;
    }
    TransactionReceipt sent =
        tx.send(
            io.tribunal.node.chain.Intents.settleAttestation(id),
            contracts.marketAddress(),
            contracts
                .market()
                .settleAttestation(jobId, me, mine.transitions, mine.before, mine.after_)
                .encodeFunctionCall());
    LOG.info(
        "job {}: cheated by its solver; attestation bond settled (tx {})",
        id,
        sent.getTransactionHash());
  }

  private JobMarket.JobAttestedEventResponse ownAttestation(String id, BigInteger commitBlock) {
    EthFilter filter =
        new EthFilter(
            DefaultBlockParameter.valueOf(commitBlock),
            DefaultBlockParameterName.LATEST,
            contracts.marketAddress());
    filter.addSingleTopic(EventEncoder.encode(JobMarket.JOBATTESTED_EVENT));
    filter.addSingleTopic(Bytes32.fromHex(id).hex());
    filter.addSingleTopic(Numeric.toHexStringWithPrefixZeroPadded(Numeric.toBigInt(me), 64));
    for (Log log : reader.logs(filter)) {
      return JobMarket.getJobAttestedEventFromLog(log);
    }
    return null;
  }
}
