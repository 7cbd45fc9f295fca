package io.tribunal.e2e;

import static io.tribunal.e2e.World.SOLVER_STAKE;
import static io.tribunal.e2e.World.usd;
import static org.assertj.core.api.Assertions.assertThat;

import io.tribunal.bindings.Deployment;
import io.tribunal.bindings.generated.StakeRegistry;
import io.tribunal.devnet.testing.AnvilExtension;
import io.tribunal.devnet.testing.Devnet;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;

/**
 * A solver daemon restarted on the same data directory, checked against the chain, never its log:
 * below its configured stake after it was down, it stakes back up on restart; its public URL
 * changed and then changed back, the chain ends with the URL the config asks for. Each decision is
 * one transaction (eight in all with its own unstake, nonces 0..7).
 */
@ExtendWith(AnvilExtension.class)
class OperatorRestartIT {
  @TempDir Path dir;

  @Test
  void aRestartedSolverRestakesWhatItLostAndPublishesTheEndpointItIsConfiguredWith(Devnet devnet)
      throws Exception {
    try (World world = new World(devnet, dir)) {
      Credentials solver = world.account("solver", 10, 1000);
      int port = RpcProxy.freePort();
      Path plain = world.solverConfig("solver", port, "");
      String ownUrl = "http://127.0.0.1:" + port;
      String altUrl = "http://localhost:" + port;
      Path alt =
          world
              .solver("solver", port)
              .merge("http: {port: " + port + ", publicUrl: \"" + altUrl + "\"}\n")
              .write(dir.resolve("solver-alt.yaml"));
      Deployment d = devnet.deployment();
      StakeRegistry registry = world.deployer.registry(d, devnet.account(0));

      DaemonProcess p = world.startSolver("solver", plain, Map.of());
      assertThat(stake(registry, solver)).isEqualTo(SOLVER_STAKE);
      assertThat(endpoint(registry, solver)).isEqualTo(ownUrl);
      p.kill9();

      // its stake drops while down: 200 -> 80 tUSD (it asked to unstake 120; stake leaves an
      // operator only this way or through a market's lock)
      world.deployer.registry(d, solver).requestUnstake(usd(120)).send();
      assertThat(stake(registry, solver)).isEqualTo(usd(80));

      p = world.startSolver("solver", alt, Map.of());
      assertThat(stake(registry, solver)).as("staked back up on restart").isEqualTo(SOLVER_STAKE);
      assertThat(endpoint(registry, solver)).isEqualTo(altUrl);
      p.kill9();

      p = world.startSolver("solver", plain, Map.of());
      assertThat(endpoint(registry, solver)).as("changed back").isEqualTo(ownUrl);
      assertThat(stake(registry, solver)).isEqualTo(SOLVER_STAKE);
      p.kill9();

      // approve + stake + register; the operator's own unstake while down; approve + stake +
      // register (alt); register (own URL again): each decision sent once, nonces 0..7 with no
      // gap and no repeat
      var txs = world.reads.txsFrom(solver.getAddress());
      assertThat(txs.stream().map(t -> t.getNonce().longValueExact()).toList())
          .containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L);
      assertThat(world.nonce(solver.getAddress())).isEqualTo(8);
    }
  }

  private static java.math.BigInteger stake(StakeRegistry r, Credentials c) throws Exception {
    return r.stakeOf(c.getAddress()).send().component1();
  }

  private static String endpoint(StakeRegistry r, Credentials c) throws Exception {
    return r.metadataOf(c.getAddress()).send().endpoint;
  }
}
