package io.tribunal.e2e;

import static io.tribunal.e2e.World.COLLATERAL;
import static io.tribunal.e2e.World.SOLVER_STAKE;
import static org.assertj.core.api.Assertions.assertThat;

import io.tribunal.bindings.Deployment;
import io.tribunal.bindings.eip712.Bytes32;
import io.tribunal.bindings.generated.DataAvailability;
import io.tribunal.bindings.generated.TestUSD;
import io.tribunal.devnet.DevnetDeployer;
import io.tribunal.devnet.kit.AnvilRpc;
import io.tribunal.devnet.testing.AnvilExtension;
import io.tribunal.devnet.testing.Devnet;
import io.tribunal.node.testing.FaultHooks;
import io.tribunal.protocol.da.BlobCodec;
import io.tribunal.protocol.da.DataChain;
import io.tribunal.protocol.da.StateChunks;
import io.tribunal.protocol.job.JobStatus;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Blob;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

/**
 * Data demands answered in EIP-4844 blobs, with real daemons, real blob transactions (KZG
 * commitments and proofs) and anvil's beacon API. An honest solver answers in blobs, the challenger
 * daemon fetches and checks every blob, nobody objects, the answer stands and {@code job result}
 * rebuilds the model from the blobs. A solver that posts blobs of garbage is objected to by the
 * challenger daemon and, unable to publish the committed rows as calldata, is slashed. Both print
 * what publication cost, for docs/data-availability.md.
 */
@ExtendWith(AnvilExtension.class)
class DataBlobsIT {
  @TempDir Path dir;

  @Test
  void anHonestBlobAnswerIsCheckedStandsAndRebuildsTheModel(Devnet devnet) throws Exception {
    try (World world = new World(devnet, dir)) {
      Credentials user = world.account("user", 1, 100);
      world.account("solver", 10, 1000);
      world.account("challenger", 10, 100);
      Deployment d = devnet.deployment();
      int port = RpcProxy.freePort();
      DaemonProcess solverProcess =
          world.startSolver("solver", world.solverConfig("solver", port, ""), Map.of());
      DaemonProcess challengerProcess =
          world.startChallenger(
              "challenger", world.challengerConfig("challenger", "replay: sample\n"), Map.of());
      world.startMining(Duration.ofMillis(500));
      World.Submission s = world.sign(user, 81);
      Bytes32 id = world.relay(port, s);
      world.awaitStatus(id, JobStatus.COMMITTED, Duration.ofSeconds(90));
      Demand demand = demandFinalState(world, devnet, d, user, s, id);

      Matcher answered =
          solverProcess.awaitLog(
              "job "
                  + id.hex()
                  + ": data demand "
                  + demand.id
                  + " answered in blobs: (\\d+) chunks in (\\d+) transactions, (\\d+) bytes",
              Duration.ofSeconds(120));
      challengerProcess.awaitLog(
          "job "
              + id.hex()
              + ": data demand "
              + demand.id
              + ": the blob answer checks out \\(every tensor rebuilds its root\\)",
          Duration.ofSeconds(60));
      DataChain data = DataChain.of(devnet.chain(), d).orElseThrow();
      assertThat(data.demand(demand.id).phase()).isEqualTo(DataChain.DemandPhase.AWAIT_OBJECTIONS);
      assertThat(world.job(id).openDisputes).as("frozen while objections are open").isOne();

      // the objection period passes; the solver confirms its answer and is paid the bond
      long close = data.blobAnswer(demand.id).objectionsClose();
      AnvilRpc.advanceTime(
          devnet.chain(), close - AnvilRpc.now(devnet.chain()).longValueExact() + 1);
      solverProcess.awaitLog(
          "job " + id.hex() + ": data demand " + demand.id + " answered: its blob answer stood",
          Duration.ofSeconds(60));
      assertThat(data.demand(demand.id).phase()).isEqualTo(DataChain.DemandPhase.ANSWERED);
      assertThat(data.credit(world.job(id).solver)).isEqualTo(demand.bond);

      long bytes = Long.parseLong(answered.group(3));
      assertThat(bytes).isEqualTo(4L * (784 * 16 + 16 + 16 * 10 + 10));
      Cost cost = publicationCost(world, devnet, d, world.job(id).solver);
      int chunks = Integer.parseInt(answered.group(1));
      assertThat(cost.blobGas).as("one blob per chunk").isEqualTo(131_072L * chunks);
      System.out.printf(
          "[data-availability] blobs: %d bytes in %d chunks (%s txs) + roots + confirm: %d"
              + " execution gas (%.1f gas/byte, %.2fM gas per MiB) and %d blob gas (%.0f blob"
              + " gas per MiB of state)%n",
          bytes,
          chunks,
          answered.group(2),
          cost.gas,
          (double) cost.gas / bytes,
          cost.gas * 1048576.0 / bytes / 1e6,
          cost.blobGas,
          cost.blobGas * 1048576.0 / bytes);

      world.passChallengeWindow();
      world.awaitStatus(id, JobStatus.FINALIZED, Duration.ofSeconds(60));
      solverProcess.kill9();
      Path out = dir.resolve("from-blobs");
      HonestJobIT.JobCli result =
          HonestJobIT.JobCli.run(
              "result",
              id.hex(),
              "--from-chain",
              "--out",
              out.toString(),
              "--deployment",
              world.deploymentFile.toString());
      assertThat(result.exit()).as(result.err()).isZero();
      String expected = new Bytes32(world.job(id).finalModelHash).hex();
      assertThat(result.out()).contains("rebuilt from on-chain data, verified").contains(expected);
      assertThat(challengerProcess.log()).doesNotContain("objected to blob chunk");
    }
  }

  @Test
  void aSolverThatPostsGarbageBlobsIsObjectedToAndSlashed(Devnet devnet) throws Exception {
    try (World world = new World(devnet, dir)) {
      Credentials user = world.account("user", 1, 100);
      Credentials solver = world.account("solver", 10, 1000);
      Credentials challenger = world.account("challenger", 10, 100);
      Deployment d = devnet.deployment();
      int port = RpcProxy.freePort();
      // the solver posts its roots, then stops before its first blob transaction goes out
      DaemonProcess solverProcess =
          world.startSolver(
              "solver",
              world.solverConfig("solver", port, ""),
              Map.of(FaultHooks.PAUSE_AFTER_JOURNAL, "data-blobs:"));
      DaemonProcess challengerProcess =
          world.startChallenger(
              "challenger", world.challengerConfig("challenger", "replay: sample\n"), Map.of());
      world.startMining(Duration.ofMillis(500));
      World.Submission s = world.sign(user, 82);
      Bytes32 id = world.relay(port, s);
      world.awaitStatus(id, JobStatus.COMMITTED, Duration.ofSeconds(90));
      Demand demand = demandFinalState(world, devnet, d, user, s, id);
      solverProcess.awaitLog(
          "TEST HOOK: paused after journaling data-blobs:", Duration.ofSeconds(90));
      solverProcess.kill9();

      // the adversary, with the solver's key: blobs of zeros in the right shape, real KZG
      DataChain data = DataChain.of(devnet.chain(), d).orElseThrow();
      List<Integer> widths = List.of(784, 16, 10);
      List<int[]> shapes = StateChunks.shapes(widths);
      List<Integer> counts = new ArrayList<>();
      List<byte[]> blobs = new ArrayList<>();
      for (int[] shape : shapes) {
        counts.add(shape[0]); // every tensor of mlp:784-16-10 fits one 96 KiB chunk
        blobs.add(BlobCodec.encode(zeroRows(shape[0], 4 * shape[1])));
      }
      List<io.tribunal.core.commit.Hash32> roots =
          data.postedRoots(
                  new io.tribunal.protocol.chain.ChainReader(
                      devnet.chain(), io.tribunal.protocol.chain.Retry.command()),
                  demand.id)
              .orElseThrow();
      TransactionReceipt garbage =
          sendBlobTx(
              devnet,
              solver,
              data.address(),
              data.publishBlobsCall(demand.id, roots, counts),
              blobs);
      assertThat(garbage.isStatusOK()).as("the contract cannot see inside blobs").isTrue();
      assertThat(data.demand(demand.id).phase()).isEqualTo(DataChain.DemandPhase.AWAIT_OBJECTIONS);

      // the challenger fetches the blobs, finds tensors that do not rebuild their roots, objects
      for (int chunk = 0; chunk < shapes.size(); chunk++) {
        challengerProcess.awaitLog(
            "job "
                + id.hex()
                + ": data demand "
                + demand.id
                + ": objected to blob chunk "
                + chunk
                + "; the solver must publish it as calldata",
            Duration.ofSeconds(60));
      }
      assertThat(data.blobAnswer(demand.id).unanswered()).isEqualTo(shapes.size());

      // nobody publishes the committed rows: past the deadline the challenger resolves
      long deadline = data.demand(demand.id).deadline();
      AnvilRpc.advanceTime(
          devnet.chain(), deadline - AnvilRpc.now(devnet.chain()).longValueExact() + 5);
      challengerProcess.awaitLog(
          "job "
              + id.hex()
              + ": data demand "
              + demand.id
              + ": an objected blob chunk was not published as calldata by the deadline",
          Duration.ofSeconds(60));
      world.awaitStatus(id, JobStatus.CHEATED, Duration.ofSeconds(30));
      assertThat(data.demand(demand.id).phase()).isEqualTo(DataChain.DemandPhase.DEFAULTED);
      var stake = world.deployer.registry(d, devnet.account(0)).stakeOf(solver.getAddress()).send();
      assertThat(stake.component1()).isEqualTo(SOLVER_STAKE.subtract(COLLATERAL));
      assertThat(data.credit(user.getAddress()))
          .as("the demander's bond back")
          .isEqualTo(demand.bond);
      // the challenger that objected is paid as a winning challenger (C/10 + one move), withdrawn
      BigInteger reward = COLLATERAL.divide(BigInteger.TEN).add(DevnetDeployer.DISPUTE_MOVE_REFUND);
      World.await(
          "the objector's reward withdrawn",
          Duration.ofSeconds(60),
          () -> world.token(challenger.getAddress()).equals(World.usd(100).add(reward)));
      assertThat(challengerProcess.log()).doesNotContain("Exception");
    }
  }

  private record Demand(BigInteger id, BigInteger bond) {}

  /** The user demands the job's final state (leaf ⌈n/K⌉), bonded. */
  private static Demand demandFinalState(
      World world, Devnet devnet, Deployment d, Credentials user, World.Submission s, Bytes32 id)
      throws Exception {
    world.registerWithGame(user, s);
    var asUser = devnet.chain().transactionManager(user);
    DataAvailability da =
        DataAvailability.load(
            d.address("DataAvailability"),
            devnet.chain().web3j(),
            asUser,
            devnet.chain().gasProvider());
    TestUSD token =
        TestUSD.load(
            d.address("TestUSD"), devnet.chain().web3j(), asUser, devnet.chain().gasProvider());
    var job = world.job(id);
    long n = job.steps.longValueExact();
    long k = job.checkpointInterval.longValueExact();
    BigInteger bond = da.termsOf(id.bytes()).send().component1();
    token.approve(da.getContractAddress(), bond).send();
    TransactionReceipt r = da.demand(id.bytes(), BigInteger.valueOf((n + k - 1) / k)).send();
    return new Demand(DataAvailability.getDataDemandedEvents(r).get(0).demandId, bond);
  }

  private static List<byte[]> zeroRows(int rows, int bytes) {
    List<byte[]> out = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      out.add(new byte[bytes]);
    }
    return out;
  }

  /** A raw type-3 transaction from {@code from}, awaited. */
  private static TransactionReceipt sendBlobTx(
      Devnet devnet, Credentials from, String to, String data, List<byte[]> blobs)
      throws Exception {
    var web3j = devnet.chain().web3j();
    BigInteger nonce =
        web3j
            .ethGetTransactionCount(from.getAddress(), DefaultBlockParameterName.PENDING)
            .send()
            .getTransactionCount();
    BigInteger gasPrice = web3j.ethGasPrice().send().getGasPrice();
    RawTransaction raw =
        RawTransaction.createTransaction(
            blobs.stream().map(Blob::new).toList(),
            devnet.chain().chainId(),
            nonce,
            BigInteger.ONE,
            gasPrice.shiftLeft(1),
            BigInteger.valueOf(1_000_000),
            to,
            BigInteger.ZERO,
            data,
            web3j.ethGetBaseFeePerBlobGas().shiftLeft(1).add(BigInteger.ONE));
    var sent =
        web3j
            .ethSendRawTransaction(Numeric.toHexString(TransactionEncoder.signMessage(raw, from)))
            .send();
    assertThat(sent.hasError()).as(sent.hasError() ? sent.getError().getMessage() : "").isFalse();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      var r =
          web3j.ethGetTransactionReceipt(sent.getTransactionHash()).send().getTransactionReceipt();
      if (r.isPresent()) {
        return r.get();
      }
      Thread.sleep(100);
    }
    throw new AssertionError("blob transaction " + sent.getTransactionHash() + " was not mined");
  }

  private record Cost(long gas, long blobGas) {}

  /** Execution gas and blob gas of the solver's transactions to DataAvailability. */
  private static Cost publicationCost(World world, Devnet devnet, Deployment d, String solver)
      throws Exception {
    long gas = 0;
    long blobGas = 0;
    for (var t : world.reads.txsFrom(solver)) {
      if (d.address("DataAvailability").equalsIgnoreCase(t.getTo())) {
        var r =
            devnet
                .chain()
                .web3j()
                .ethGetTransactionReceipt(t.getHash())
                .send()
                .getTransactionReceipt()
                .orElseThrow();
        gas += r.getGasUsed().longValueExact();
        System.out.printf(
            "[data-availability] blobs: tx %s (selector %s): %d gas%n",
            t.getHash(), t.getInput().substring(0, 10), r.getGasUsed());
        if (r.getBlobGasUsed() != null) {
          blobGas += Numeric.decodeQuantity(r.getBlobGasUsed()).longValueExact();
        }
      }
    }
    return new Cost(gas, blobGas);
  }
}
