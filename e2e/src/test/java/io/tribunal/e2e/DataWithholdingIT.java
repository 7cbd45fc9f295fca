package io.tribunal.e2e;

import static io.tribunal.e2e.World.COLLATERAL;
import static io.tribunal.e2e.World.SOLVER_STAKE;
import static io.tribunal.e2e.World.usd;
import static org.assertj.core.api.Assertions.assertThat;

import io.tribunal.bindings.Deployment;
import io.tribunal.bindings.eip712.Bytes32;
import io.tribunal.bindings.generated.DataAvailability;
import io.tribunal.bindings.generated.TestUSD;
import io.tribunal.core.model.ModelState;
import io.tribunal.core.store.CheckpointStore;
import io.tribunal.core.tensor.Parallel;
import io.tribunal.devnet.DevnetDeployer;
import io.tribunal.devnet.kit.AnvilRpc;
import io.tribunal.devnet.testing.AnvilExtension;
import io.tribunal.devnet.testing.Devnet;
import io.tribunal.protocol.da.DataChain;
import io.tribunal.protocol.job.JobStatus;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * Data that cannot be withheld, with real daemons on anvil. A solver that commits and then vanishes
 * (its checkpoint server with it) is demanded its final state on-chain by the challenger daemon,
 * does not answer in time and is slashed as a cheat. A live solver answers the same demand by
 * itself, chunk by chunk; the job finalizes, and {@code tribunal job result} rebuilds the model
 * from the chain's events alone after the solver is gone.
 */
@ExtendWith(AnvilExtension.class)
class DataWithholdingIT {
  @TempDir Path dir;

  @Test
  void aSolverThatVanishesAfterCommittingIsDemandedItsDataOnChainAndSlashed(Devnet devnet)
      throws Exception {
    try (World world = new World(devnet, dir)) {
      Credentials user = world.account("user", 0, 100);
      Credentials solver = world.account("solver", 10, 1000);
      Credentials challenger = world.account("challenger", 10, 100);
      Deployment d = devnet.deployment();
      int port = RpcProxy.freePort();
      DaemonProcess solverProcess =
          world.startSolver("solver", world.solverConfig("solver", port, ""), Map.of());
      world.startMining(Duration.ofMillis(500));
      Bytes32 id = world.relay(port, world.sign(user, 71));
      world.awaitStatus(id, JobStatus.COMMITTED, Duration.ofSeconds(90));
      // the solver (and its checkpoint server) is gone right after committing
      solverProcess.kill9();

      DaemonProcess challengerProcess =
          world.startChallenger(
              "challenger", world.challengerConfig("challenger", "replay: all\n"), Map.of());
      Matcher demanded =
          challengerProcess.awaitLog(
              "job "
                  + id.hex()
                  + ": the solver does not serve its data; demanded the state of step 64 on-chain"
                  + " \\(demand (\\d+), bond (\\d+)",
              Duration.ofSeconds(120));
      BigInteger demandId = new BigInteger(demanded.group(1));
      DataChain data = DataChain.of(devnet.chain(), d).orElseThrow();
      DataChain.Demand demand = data.demand(demandId);
      assertThat(demand.phase()).isEqualTo(DataChain.DemandPhase.AWAIT_ROOTS);
      assertThat(world.job(id).openDisputes).as("the demand freezes the job").isOne();

      // nobody answers within the answer period
      long now = AnvilRpc.now(devnet.chain()).longValueExact();
      AnvilRpc.advanceTime(devnet.chain(), demand.deadline() - now + 5);
      challengerProcess.awaitLog(
          "job " + id.hex() + ": data demand " + demandId + " unanswered by its deadline",
          Duration.ofSeconds(60));
      world.awaitStatus(id, JobStatus.CHEATED, Duration.ofSeconds(30));
      assertThat(data.demand(demandId).phase()).isEqualTo(DataChain.DemandPhase.DEFAULTED);

      // the solver lost its collateral; the demander got its bond back and the challenger's
      // reward (C/10 plus one move refunded), withdrawn by the daemon
      var stake = world.deployer.registry(d, devnet.account(0)).stakeOf(solver.getAddress()).send();
      assertThat(stake.component1()).isEqualTo(SOLVER_STAKE.subtract(COLLATERAL));
      assertThat(stake.component2()).isZero();
      BigInteger reward = COLLATERAL.divide(BigInteger.TEN).add(DevnetDeployer.DISPUTE_MOVE_REFUND);
      World.await(
          "the challenger's bond back and its reward withdrawn",
          Duration.ofSeconds(60),
          () -> world.token(challenger.getAddress()).equals(usd(100).add(reward)));
      assertThat(data.credit(challenger.getAddress())).isZero();
      assertThat(challengerProcess.log()).doesNotContain("Exception");
    }
  }

  @Test
  void aLiveSolverAnswersTheDemandAndTheModelIsRebuiltFromTheChainAlone(Devnet devnet)
      throws Exception {
    try (World world = new World(devnet, dir)) {
      Credentials user = world.account("user", 1, 100);
      world.account("solver", 10, 1000);
      Deployment d = devnet.deployment();
      int port = RpcProxy.freePort();
      // the calldata path (DataBlobsIT covers blobs)
      DaemonProcess solverProcess =
          world.startSolver(
              "solver",
              world.solverConfig("solver", port, "dataAvailability: {blobs: false}\n"),
              Map.of());
      world.startMining(Duration.ofMillis(500));
      World.Submission s = world.sign(user, 72);
      Bytes32 id = world.relay(port, s);
      world.awaitStatus(id, JobStatus.COMMITTED, Duration.ofSeconds(90));

      // the user demands the final model (leaf ⌈n/K⌉) on-chain, bonded
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
      JobStatusView v = JobStatusView.of(world.job(id));
      long finalLeaf = (v.steps + v.interval - 1) / v.interval;
      BigInteger bond = da.termsOf(id.bytes()).send().component1();
      token.approve(da.getContractAddress(), bond).send();
      TransactionReceipt demanded = da.demand(id.bytes(), BigInteger.valueOf(finalLeaf)).send();
      BigInteger demandId = DataAvailability.getDataDemandedEvents(demanded).get(0).demandId;

      // the solver answers by itself
      Matcher answered =
          solverProcess.awaitLog(
              "job "
                  + id.hex()
                  + ": data demand "
                  + demandId
                  + " answered: (\\d+) chunks, (\\d+) bytes of state published on-chain",
              Duration.ofSeconds(120));
      DataChain data = DataChain.of(devnet.chain(), d).orElseThrow();
      assertThat(data.demand(demandId).phase()).isEqualTo(DataChain.DemandPhase.ANSWERED);
      assertThat(data.credit(world.job(id).solver))
          .as("the bond paid the publication")
          .isEqualTo(bond);
      long bytes = Long.parseLong(answered.group(2));
      assertThat(bytes).isEqualTo(4L * (784 * 16 + 16 + 16 * 10 + 10));
      long gas = publicationGas(world, devnet, d, world.job(id).solver);
      // the bond paid the solver at least its publication gas at the reference price
      BigInteger bondGas =
          bond.multiply(BigInteger.valueOf(300_000)).divide(DevnetDeployer.DISPUTE_MOVE_REFUND);
      assertThat(BigInteger.valueOf(gas)).isLessThanOrEqualTo(bondGas);
      System.out.printf(
          "[data-availability] published %d bytes in %s chunks + roots with %d gas: %.1f gas/byte,"
              + " %.1fM gas per MiB%n",
          bytes, answered.group(1), gas, (double) gas / bytes, gas * 1048576.0 / bytes / 1e6);

      world.passChallengeWindow();
      world.awaitStatus(id, JobStatus.FINALIZED, Duration.ofSeconds(60));
      solverProcess.kill9();

      Path out = dir.resolve("from-chain");
      HonestJobIT.JobCli result =
          HonestJobIT.JobCli.run(
              "result",
              id.hex(),
              "--out",
              out.toString(),
              "--deployment",
              world.deploymentFile.toString());
      assertThat(result.exit()).as(result.err()).isZero();
      String expected = new Bytes32(world.job(id).finalModelHash).hex();
      assertThat(result.err()).contains("the solver's endpoint cannot serve the model");
      assertThat(result.out()).contains("rebuilt from on-chain data, verified").contains(expected);
      try (var files = Files.list(out.resolve("checkpoints"));
          Parallel p = Parallel.serial()) {
        List<Path> ckpts = files.toList();
        assertThat(ckpts).hasSize(1);
        ModelState m = CheckpointStore.open(out, false).load(ckpts.get(0).getFileName().toString());
        assertThat(m.hash(p).hex()).isEqualToIgnoringCase(expected);
      }
    }
  }

  /** Gas of the solver's transactions to DataAvailability (roots + chunks). */
  private static long publicationGas(World world, Devnet devnet, Deployment d, String solver)
      throws Exception {
    long gas = 0;
    for (var t : world.reads.txsFrom(solver)) {
      if (d.address("DataAvailability").equalsIgnoreCase(t.getTo())) {
        gas +=
            devnet
                .chain()
                .web3j()
                .ethGetTransactionReceipt(t.getHash())
                .send()
                .getTransactionReceipt()
                .orElseThrow()
                .getGasUsed()
                .longValueExact();
      }
    }
    return gas;
  }

  /** The job's n and K. */
  private record JobStatusView(long steps, long interval) {
    static JobStatusView of(io.tribunal.bindings.generated.JobMarket.JobView v) {
      return new JobStatusView(v.steps.longValueExact(), v.checkpointInterval.longValueExact());
    }
  }
}
