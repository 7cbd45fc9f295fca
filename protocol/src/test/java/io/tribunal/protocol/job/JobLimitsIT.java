package io.tribunal.protocol.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tribunal.bindings.TribunalChain;
import io.tribunal.bindings.generated.JobMarket;
import io.tribunal.bindings.generated.LeafVerifier;
import io.tribunal.core.model.MlpSpec;
import io.tribunal.devnet.testing.AnvilExtension;
import io.tribunal.devnet.testing.Devnet;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.web3j.crypto.Hash;
import org.web3j.tx.ReadonlyTransactionManager;

/**
 * The local checks of {@link JobLimits} are the market's: the same constants, the same
 * multiply-accumulate count and minimum commit window as the deployed contracts compute, and a job
 * the local check refuses is refused on chain too (eth_call of {@code checkJob}).
 */
@ExtendWith(AnvilExtension.class)
class JobLimitsIT {
  @Test
  void javaLimitsAreTheContractsLimits(Devnet devnet) throws Exception {
    TribunalChain chain = devnet.chain();
    String lvAddress = devnet.deployment().address("LeafVerifier");
    LeafVerifier lv =
        LeafVerifier.load(
            lvAddress,
            chain.web3j(),
            new ReadonlyTransactionManager(chain.web3j(), lvAddress),
            chain.gasProvider());
    String marketAddress = devnet.deployment().address("JobMarket");
    JobMarket market =
        JobMarket.load(
            marketAddress,
            chain.web3j(),
            new ReadonlyTransactionManager(chain.web3j(), marketAddress),
            chain.gasProvider());
    assertThat(market.validator().send()).isEqualToIgnoringCase(lvAddress);
    assertThat(lv.MAX_LAYERS().send().intValueExact()).isEqualTo(JobLimits.MAX_LAYERS);
    assertThat(lv.MAX_LEAF_WIDTH().send().intValueExact()).isEqualTo(JobLimits.MAX_LEAF_WIDTH);
    assertThat(market.MIN_COMMIT_WINDOW().send().longValueExact())
        .isEqualTo(JobLimits.MIN_COMMIT_WINDOW);
    assertThat(market.COMMIT_THROUGHPUT_FLOOR().send().longValueExact())
        .isEqualTo(JobLimits.COMMIT_THROUGHPUT_FLOOR);

    for (String text : List.of("mlp:784-128-10", "mlp:784-16-10", "mlp:4-3-2", "mlp:10240-10")) {
      MlpSpec spec = MlpSpec.parse(text);
      for (int batch : new int[] {1, 32, 10_240}) {
        JobHashes.HyperParams hp = new JobHashes.HyperParams(batch, 52429, 8000);
        BigInteger macs =
            lv.checkJob(
                    JobHashes.modelSpecHash(spec).bytes(),
                    hp.hash().bytes(),
                    leafHyper(hp),
                    SubmitJobCall.widths(spec))
                .send();
        assertThat(macs)
            .as("%s, B = %d", text, batch)
            .isEqualTo(JobLimits.macsPerStep(spec, batch));
        for (long steps : new long[] {1, 1024, 1_000_000_000L}) {
          assertThat(market.minCommitWindow(BigInteger.valueOf(steps), macs).send())
              .isEqualTo(JobLimits.minCommitWindow(steps, macs));
        }
      }
    }
    // refused locally and on chain alike
    MlpSpec wide = MlpSpec.parse("mlp:784-20000-10");
    JobHashes.HyperParams hp = new JobHashes.HyperParams(32, 52429, 8000);
    assertThat(JobLimits.problems(wide, hp, 64, 86_400)).hasSize(1);
    assertThatThrownBy(
            () ->
                lv.checkJob(
                        JobHashes.modelSpecHash(wide).bytes(),
                        hp.hash().bytes(),
                        leafHyper(hp),
                        SubmitJobCall.widths(wide))
                    .send())
        .hasMessageContaining(
            "custom error "
                + Hash.sha3String("LeafVerifier_WidthTooLarge(uint256,uint256,uint256)")
                    .substring(0, 10));
  }

  private static LeafVerifier.HyperParams leafHyper(JobHashes.HyperParams hp) {
    return new LeafVerifier.HyperParams(
        BigInteger.valueOf(hp.batch()),
        BigInteger.valueOf(hp.eta()),
        BigInteger.valueOf(hp.datasetSize()));
  }
}
