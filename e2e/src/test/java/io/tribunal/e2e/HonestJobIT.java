package io.tribunal.e2e;

import static io.tribunal.e2e.World.PRICE;
import static io.tribunal.e2e.World.SOLVER_STAKE;
import static io.tribunal.e2e.World.VERIFIER_STAKE;
import static io.tribunal.e2e.World.usd;
import static org.assertj.core.api.Assertions.assertThat;

import io.tribunal.bindings.eip712.Bytes32;
import io.tribunal.devnet.testing.AnvilExtension;
import io.tribunal.devnet.testing.Devnet;
import io.tribunal.protocol.job.JobStatus;
import io.tribunal.protocol.testing.FaultHooks;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;

/**
 * The honest path with every role in its own JVM: a user with no ETH signs an MNIST job and a
 * permit, the solver daemon relays it ({@code POST /v1/jobs}), claims, trains, commits; the
 * verifier daemon samples, replays and attests; the challenge window passes; the solver finalizes
 * and withdraws, the verifier withdraws its fee. Balances are checked to the base unit. The daemons
 * reach anvil through a TCP proxy, which the second test cuts for 20 s in the middle of a job.
 */
@ExtendWith(AnvilExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HonestJobIT {
  /** 10% of the price to the one attesting verifier (devnet verifierFeeBps = 1000). */
  private static final BigInteger FEE = PRICE.divide(BigInteger.TEN);

  @TempDir static Path dir;
  private static World world;
  private static RpcProxy proxy;
  private static Credentials user;
  private static Credentials solver;
  private static Credentials verifier;
  private static int relayPort;
  private static DaemonProcess solverProcess;
  private static DaemonProcess verifierProcess;

  @BeforeAll
  static void startDaemons(Devnet devnet) {
    proxy = new RpcProxy(devnet.anvil().rpcUrl());
    world = new World(devnet, dir, proxy.url());
    user = world.account("user", 0, 100);
    solver = world.account("solver", 10, 1000);
    verifier = world.account("verifier", 10, 500);
    relayPort = RpcProxy.freePort();
    solverProcess =
        world.startSolver(
            "solver",
            world.solverConfig("solver", relayPort, ""),
            Map.of(FaultHooks.STEP_DELAY_MS, "50"));
    verifierProcess = world.startVerifier("verifier", world.verifierConfig("verifier"));
    world.startMining(Duration.ofMillis(500));
  }

  @AfterAll
  static void stop() {
    if (world != null) {
      world.close();
    }
    if (proxy != null) {
      proxy.close();
    }
  }

  @Test
  @Order(1)
  void paysTheSolverAndTheVerifierForARelayedJobToTheUnit() {
    BigInteger solverBefore = world.token(solver.getAddress());
    BigInteger verifierBefore = world.token(verifier.getAddress());

    Bytes32 id = world.relay(relayPort, world.sign(user, 1));

    world.awaitStatus(id, JobStatus.COMMITTED, Duration.ofSeconds(90));
    solverProcess.awaitLog("job " + id.hex() + ": step 64/64", Duration.ofSeconds(5));
    World.await(
        "the verifier's attestation",
        Duration.ofSeconds(90),
        () ->
            world.job(id).attesters.stream()
                .anyMatch(a -> a.equalsIgnoreCase(verifier.getAddress())));
    verifierProcess.awaitLog(
        "job " + id.hex() + ": replayed transitions .* all match", Duration.ofSeconds(5));

    world.passChallengeWindow();
    world.awaitStatus(id, JobStatus.FINALIZED, Duration.ofSeconds(60));
    World.await(
        "both withdrawals",
        Duration.ofSeconds(60),
        () ->
            world.token(solver.getAddress()).equals(solverBefore.add(PRICE).subtract(FEE))
                && world.token(verifier.getAddress()).equals(verifierBefore.add(FEE)));

    assertThat(world.token(user.getAddress())).isEqualTo(usd(100).subtract(PRICE));
    assertThat(world.devnet.chain().ethBalance(user.getAddress())).isZero();
    assertThat(world.token(solver.getAddress()))
        .isEqualTo(usd(1000).subtract(SOLVER_STAKE).add(PRICE).subtract(FEE));
    assertThat(world.token(verifier.getAddress()))
        .isEqualTo(usd(500).subtract(VERIFIER_STAKE).add(FEE));
    assertThat(world.claimable(solver.getAddress())).isZero();
    assertThat(world.claimable(verifier.getAddress())).isZero();
    assertThat(world.token(world.devnet.deployment().address("JobMarket"))).isZero();
    assertThat(world.token(world.devnet.deployment().address("StakeRegistry")))
        .isEqualTo(SOLVER_STAKE.add(VERIFIER_STAKE));
    // approve, stake, setOperator, submitJob (relay), claim, commit, finalize, withdraw
    assertThat(world.assertNoDuplicateTransactions(solver.getAddress())).hasSize(8);
    // approve, stake, setOperator, attest (records the randomness too, or recordRandomness first),
    // withdraw
    assertThat(world.assertNoDuplicateTransactions(verifier.getAddress())).hasSizeBetween(5, 6);

    // the user's view of the finished job, through the real client commands
    String deployment = world.deploymentFile.toString();
    JobCli status = JobCli.run("status", id.hex(), "--deployment", deployment);
    assertThat(status.exit()).as(status.err()).isZero();
    assertThat(status.out()).contains("FINALIZED").contains(world.job(id).solver.substring(2));
    JobCli mine =
        JobCli.run("list", "--mine", "--address", user.getAddress(), "--deployment", deployment);
    assertThat(mine.exit()).as(mine.err()).isZero();
    assertThat(mine.out()).contains(id.hex()).contains("FINALIZED");
    JobCli others =
        JobCli.run(
            "list", "--mine", "--address", verifier.getAddress(), "--deployment", deployment);
    assertThat(others.out()).doesNotContain(id.hex());
    Path out = dir.resolve("result");
    JobCli result =
        JobCli.run("result", id.hex(), "--out", out.toString(), "--deployment", deployment);
    assertThat(result.exit()).as(result.err()).isZero();
    assertThat(result.out())
        .contains("verified")
        .contains(new Bytes32(world.job(id).finalModelHash).hex());
  }

  /** One run of the user's {@code tribunal job ...} command, in process. */
  record JobCli(int exit, String out, String err) {
    static JobCli run(String... args) {
      java.io.StringWriter out = new java.io.StringWriter();
      java.io.StringWriter err = new java.io.StringWriter();
      picocli.CommandLine cli = new picocli.CommandLine(new io.tribunal.client.job.JobCommand());
      cli.setOut(new java.io.PrintWriter(out));
      cli.setErr(new java.io.PrintWriter(err));
      int exit = cli.execute(args);
      return new JobCli(exit, out.toString(), err.toString());
    }
  }

  @Test
  @Order(2)
  void bothDaemonsRideOutTwentySecondsWithoutTheirNode() {
    BigInteger solverBefore = world.token(solver.getAddress());
    BigInteger verifierBefore = world.token(verifier.getAddress());
    long solverTxs = world.nonce(solver.getAddress());

    Bytes32 id = world.relay(relayPort, world.sign(user, 2));
    // claimed and training (3.2 s with the step delay): the commit cannot have been sent yet
    solverProcess.awaitLog("job " + id.hex() + ": training from step 0", Duration.ofSeconds(60));
    proxy.cut();
    long cutAt = System.nanoTime();
    World.await(
        "20 s of outage",
        Duration.ofSeconds(25),
        () -> System.nanoTime() - cutAt > 20_000_000_000L);
    assertThat(world.status(id)).isEqualTo(JobStatus.CLAIMED); // nothing reached the chain
    proxy.restore();

    world.awaitStatus(id, JobStatus.COMMITTED, Duration.ofSeconds(60));
    World.await(
        "the verifier's attestation",
        Duration.ofSeconds(90),
        () ->
            world.job(id).attesters.stream()
                .anyMatch(a -> a.equalsIgnoreCase(verifier.getAddress())));
    world.passChallengeWindow();
    World.await(
        "both withdrawals",
        Duration.ofSeconds(90),
        () ->
            world.token(solver.getAddress()).equals(solverBefore.add(PRICE).subtract(FEE))
                && world.token(verifier.getAddress()).equals(verifierBefore.add(FEE)));
    assertThat(solverProcess.log()).contains("retrying");
    assertThat(world.token(world.devnet.deployment().address("JobMarket"))).isZero();
    // submitJob, claim, commit, finalize, withdraw: one each, nothing repeated after the outage
    assertThat(world.nonce(solver.getAddress())).isEqualTo(solverTxs + 5);
    world.assertNoDuplicateTransactions(solver.getAddress());
    world.assertNoDuplicateTransactions(verifier.getAddress());
  }
}
