package io.tribunal.e2e;

import static io.tribunal.devnet.kit.Calls.unchecked;
import static org.assertj.core.api.Assertions.assertThat;

import io.tribunal.bindings.eip712.Bytes32;
import io.tribunal.bindings.generated.JobMarket;
import io.tribunal.core.commit.Hash32;
import io.tribunal.devnet.DevnetDeployer;
import io.tribunal.devnet.testing.Devnet;
import io.tribunal.protocol.dispute.DisputeChain;
import io.tribunal.protocol.job.JobStatus;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.Transaction;

/**
 * What the daemon ITs read from the chain for their assertions: jobs, balances, nonces, and every
 * transaction an account sent (to prove a daemon never sent one twice).
 */
final class ChainReads {
  /** {@code withdraw(address)}: the same calldata for every job's payout, so it may repeat. */
  static final String WITHDRAW = "0x51cff8d9";

  private final Devnet devnet;
  private final DevnetDeployer deployer;

  ChainReads(Devnet devnet, DevnetDeployer deployer) {
    this.devnet = devnet;
    this.deployer = deployer;
  }

  /** The bond every game on {@code job} posts (fixed when the job was registered). */
  BigInteger jobBond(Hash32 job) {
    return DisputeChain.readOnly(devnet.chain(), devnet.deployment()).jobBond(job);
  }

  JobMarket market() {
    return deployer.market(devnet.deployment(), devnet.account(0));
  }

  JobMarket.JobView job(Bytes32 id) {
    return unchecked(() -> market().getJob(id.bytes()).send());
  }

  JobStatus status(Bytes32 id) {
    return JobStatus.of(job(id).status);
  }

  BigInteger token(String address) {
    return unchecked(
        () -> deployer.token(devnet.deployment(), devnet.account(0)).balanceOf(address).send());
  }

  BigInteger claimable(String address) {
    return unchecked(() -> market().claimable(address).send());
  }

  long nonce(String address) {
    return unchecked(
        () ->
            devnet
                .chain()
                .web3j()
                .ethGetTransactionCount(address, DefaultBlockParameterName.LATEST)
                .send()
                .getTransactionCount()
                .longValueExact());
  }

  /** Every transaction {@code from} sent that is on the canonical chain, in order. */
  List<Transaction> txsFrom(String from) {
    List<Transaction> out = new ArrayList<>();
    long head =
        unchecked(() -> devnet.chain().web3j().ethBlockNumber().send().getBlockNumber())
            .longValueExact();
    for (long b = 0; b <= head; b++) {
      DefaultBlockParameter n = DefaultBlockParameter.valueOf(BigInteger.valueOf(b));
      EthBlock.Block block =
          unchecked(() -> devnet.chain().web3j().ethGetBlockByNumber(n, true).send().getBlock());
      for (EthBlock.TransactionResult<?> r : block.getTransactions()) {
        Transaction t = (Transaction) r.get();
        if (t.getFrom().equalsIgnoreCase(from)) {
          out.add(t);
        }
      }
    }
    return out;
  }

  /**
   * No duplicate transaction: nonces 0..n-1 each once, the account's nonce is n, and no two
   * transactions carry the same call (target + calldata), except withdrawals (one per job).
   */
  List<Transaction> assertNoDuplicateTransactions(String from) {
    List<Transaction> txs = txsFrom(from);
    assertThat(txs.stream().map(t -> t.getNonce().longValueExact()).toList())
        .as("nonces of %s", from)
        .containsExactlyElementsOf(LongStream.range(0, txs.size()).boxed().toList());
    assertThat(nonce(from)).isEqualTo(txs.size());
    assertThat(
            txs.stream()
                .filter(t -> !t.getInput().startsWith(WITHDRAW))
                .map(t -> t.getTo() + t.getInput())
                .toList())
        .as("calls of %s", from)
        .doesNotHaveDuplicates();
    return txs;
  }

  static long countCalls(List<Transaction> txs, String selector) {
    return txs.stream().filter(t -> t.getInput().startsWith(selector)).count();
  }
}
