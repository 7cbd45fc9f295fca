package io.tribunal.e2e;

import static io.tribunal.e2e.World.SOLVER_STAKE;
import static io.tribunal.e2e.World.usd;
import static org.assertj.core.api.Assertions.assertThat;

import io.tribunal.bindings.eip712.Bytes32;
import io.tribunal.bindings.generated.JobMarket;
import io.tribunal.devnet.kit.AnvilRpc;
import io.tribunal.devnet.testing.AnvilExtension;
import io.tribunal.devnet.testing.Devnet;
import io.tribunal.protocol.job.JobStatus;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;

/**
 * The market's guardian pauses settlements while an honest job is due to finalize: the solver
 * daemon waits (it sends nothing the market would refuse, spends no retry budget, puts nothing on
 * hold, and says so once), and when the pause ends by itself it finalizes and withdraws its pay.
 */
@ExtendWith(AnvilExtension.class)
class SettlementPauseIT {
  @TempDir Path dir;

  @Test
  void aSolverDaemonWaitsOutTheGuardiansPauseAndIsPaidAfterIt(Devnet devnet) throws Exception {
    try (World world = new World(devnet, dir)) {
      Credentials user = world.account("user", 0, 100);
      Credentials solver = world.account("solver", 10, 1000);
      int port = RpcProxy.freePort();
      DaemonProcess solverProcess =
          world.startSolver("solver", world.solverConfig("solver", port, ""), Map.of());
      world.startMining(Duration.ofMillis(500));
      Bytes32 id = world.relay(port, world.sign(user, 71));
      world.awaitStatus(id, JobStatus.COMMITTED, Duration.ofSeconds(90));

      // the devnet deployer holds the guardian role: pause settlements for one day
      JobMarket asGuardian = world.deployer.market(devnet.deployment(), devnet.account(0));
      asGuardian.pauseSettlements(BigInteger.valueOf(86_400)).send();
      world.passChallengeWindow();
      solverProcess.awaitLog("paused settlements until chain time", Duration.ofSeconds(30));
      long nonceDuringPause = world.nonce(solver.getAddress());
      Thread.sleep(3_000); // a dozen daemon loops
      assertThat(world.status(id)).isEqualTo(JobStatus.COMMITTED);
      assertThat(world.nonce(solver.getAddress()))
          .as("nothing sent while paused")
          .isEqualTo(nonceDuringPause);
      assertThat(solverProcess.log())
          .doesNotContain("needs an operator")
          .doesNotContain("giving up");

      AnvilRpc.advanceTime(devnet.chain(), 86_400);
      world.awaitStatus(id, JobStatus.FINALIZED, Duration.ofSeconds(60));
      World.await(
          "the solver's pay withdrawn",
          Duration.ofSeconds(60),
          () ->
              world.claimable(solver.getAddress()).signum() == 0
                  && world.token(solver.getAddress()).compareTo(usd(1000).subtract(SOLVER_STAKE))
                      > 0);
      assertThat(world.token(solver.getAddress()))
          .isEqualTo(World.solverWalletAfterUnattestedJob(BigInteger.ZERO));
      assertThat(
              solverProcess
                  .log()
                  .lines()
                  .filter(l -> l.contains("paused settlements until"))
                  .count())
          .as("said once")
          .isEqualTo(1);
    }
  }
}
