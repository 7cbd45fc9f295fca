package io.tribunal.devnet;

import static org.assertj.core.api.Assertions.assertThat;

import io.tribunal.bindings.Deployment;
import io.tribunal.bindings.generated.JobMarket;
import io.tribunal.bindings.generated.StakeRegistry;
import io.tribunal.devnet.testing.AnvilExtension;
import io.tribunal.devnet.testing.Devnet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(AnvilExtension.class)
class DeployAllIT {

  @Test
  void deploysEveryContractAndWiresTheRoles(Devnet devnet) throws Exception {
    Deployment d = devnet.deployment();
    assertThat(d.contracts().keySet())
        .containsExactly(
            "AdminTimelock",
            "DataAvailability",
            "DisputeGame",
            "DisputeGameLens",
            "GraphVerifier",
            "JobMarket",
            "LeafVerifier",
            "PaymentChannels",
            "StakeRegistry",
            "TestUSD");
    // the leaf verifier takes op-graph jobs through the deployed graph verifier
    assertThat(
            io.tribunal.bindings.generated.LeafVerifier.load(
                    d.address("LeafVerifier"),
                    devnet.chain().web3j(),
                    devnet.chain().transactionManager(devnet.account(0)),
                    devnet.chain().gasProvider())
                .graphs()
                .send())
        .isEqualToIgnoringCase(d.address("GraphVerifier"));
    for (var ref : d.contracts().values()) {
      assertThat(
              devnet
                  .chain()
                  .web3j()
                  .ethGetCode(
                      ref.address(), org.web3j.protocol.core.DefaultBlockParameterName.LATEST)
                  .send()
                  .getCode())
          .as("code at %s", ref.address())
          .hasSizeGreaterThan(2);
    }
    var tm = devnet.chain().transactionManager(devnet.account(0));
    var gas = devnet.chain().gasProvider();
    JobMarket market = JobMarket.load(d.address("JobMarket"), devnet.chain().web3j(), tm, gas);
    StakeRegistry registry =
        StakeRegistry.load(d.address("StakeRegistry"), devnet.chain().web3j(), tm, gas);
    assertThat(market.hasRole(market.DISPUTE_GAME_ROLE().send(), d.address("DisputeGame")).send())
        .isTrue();
    assertThat(
            market.hasRole(market.DISPUTE_GAME_ROLE().send(), d.address("DataAvailability")).send())
        .as("data demands freeze and settle jobs through the dispute hook")
        .isTrue();
    assertThat(registry.hasRole(registry.MARKET_ROLE().send(), d.address("JobMarket")).send())
        .isTrue();
    String deployer = devnet.account(0).getAddress();
    assertThat(market.hasRole(market.GUARDIAN_ROLE().send(), deployer).send())
        .as("devnet guardian is the deployer")
        .isTrue();
    // every admin power sits in the timelock; the deployer keeps none
    String timelock = d.address("AdminTimelock");
    byte[] admin = new byte[32];
    assertThat(market.hasRole(admin, timelock).send()).isTrue();
    assertThat(market.hasRole(admin, deployer).send()).isFalse();
    assertThat(registry.hasRole(admin, timelock).send()).isTrue();
    assertThat(registry.hasRole(admin, deployer).send()).isFalse();
    var game =
        io.tribunal.bindings.generated.DisputeGame.load(
            d.address("DisputeGame"), devnet.chain().web3j(), tm, gas);
    assertThat(game.owner().send()).isEqualToIgnoringCase(timelock);
    var lock =
        io.tribunal.bindings.generated.AdminTimelock.load(
            timelock, devnet.chain().web3j(), tm, gas);
    assertThat(lock.getMinDelay().send().longValueExact())
        .as("longer than the challenge window and the unbonding delay")
        .isEqualTo(2 * 86_400)
        .isGreaterThan(lock.floor().send().longValueExact());
    assertThat(game.parameters().send().component3()).isEqualTo(DevnetDeployer.DISPUTE_MOVE_REFUND);
    // the deployer can no longer act as admin directly
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> registry.grantRole(registry.MARKET_ROLE().send(), deployer).send())
        .hasMessageContaining("revert");
    assertThat(market.settlementsPausedUntil().send()).as("not paused").isZero();
    assertThat(market.nextPauseAllowedAt().send()).as("never paused").isZero();
  }
}
