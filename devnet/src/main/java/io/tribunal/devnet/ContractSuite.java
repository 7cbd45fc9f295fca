package io.tribunal.devnet;

import io.tribunal.bindings.Deployment;
import io.tribunal.bindings.TribunalChain;
import io.tribunal.bindings.generated.AdminTimelock;
import io.tribunal.bindings.generated.DataAvailability;
import io.tribunal.bindings.generated.DisputeGame;
import io.tribunal.bindings.generated.DisputeGameLens;
import io.tribunal.bindings.generated.GraphVerifier;
import io.tribunal.bindings.generated.JobMarket;
import io.tribunal.bindings.generated.LeafVerifier;
import io.tribunal.bindings.generated.PaymentChannels;
import io.tribunal.bindings.generated.StakeRegistry;
import io.tribunal.bindings.generated.TestUSD;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.tx.Contract;
import org.web3j.tx.TransactionManager;
import org.web3j.tx.gas.ContractGasProvider;

/**
 * The contract deployment behind {@link DevnetDeployer#deployAll()}: every contract in dependency
 * order, the roles that wire them, and admin power handed to the timelock. One instance deploys
 * once; the transaction order (and so every address) is fixed.
 */
final class ContractSuite {
  private final TribunalChain chain;
  private final DevnetDeployer.Settings settings;
  private final ContractGasProvider gas;
  private final TransactionManager tm;
  private final String admin;

  private TestUSD token;
  private StakeRegistry registry;
  private GraphVerifier graphVerifier;
  private LeafVerifier leafVerifier;
  private JobMarket market;
  private PaymentChannels channels;
  private AdminTimelock timelock;
  private DisputeGame game;
  private DisputeGameLens lens;
  private DataAvailability dataAvailability;

  ContractSuite(TribunalChain chain, Credentials deployer, DevnetDeployer.Settings settings) {
    this.chain = chain;
    this.settings = settings;
    this.gas = chain.gasProvider();
    this.tm = chain.transactionManager(deployer);
    this.admin = deployer.getAddress();
  }

  Deployment deploy() throws Exception {
    deploySettlement();
    deployDispute();
    handOverAdmin();
    return new Deployment(chain.chainId(), chain.rpcUrl(), Map.of())
        .with("TestUSD", token.getContractAddress(), blockOf(token))
        .with("StakeRegistry", registry.getContractAddress(), blockOf(registry))
        .with("JobMarket", market.getContractAddress(), blockOf(market))
        .with("PaymentChannels", channels.getContractAddress(), blockOf(channels))
        .with("GraphVerifier", graphVerifier.getContractAddress(), blockOf(graphVerifier))
        .with("LeafVerifier", leafVerifier.getContractAddress(), blockOf(leafVerifier))
        .with("DisputeGame", game.getContractAddress(), blockOf(game))
        .with("DisputeGameLens", lens.getContractAddress(), blockOf(lens))
        .with("DataAvailability", dataAvailability.getContractAddress(), blockOf(dataAvailability))
        .with("AdminTimelock", timelock.getContractAddress(), blockOf(timelock));
  }

  /** TestUSD, StakeRegistry, LeafVerifier, JobMarket (with its MARKET_ROLE), PaymentChannels. */
  private void deploySettlement() throws Exception {
    token = TestUSD.deploy(chain.web3j(), tm, gas, admin).send();
    String tokenAddress = token.getContractAddress();
    registry =
        StakeRegistry.deploy(
                chain.web3j(),
                tm,
                gas,
                tokenAddress,
                admin,
                BigInteger.valueOf(settings.unbondingDelay()),
                settings.minStake())
            .send();
    // the game's stateless validator: the market refuses at submission any job the game
    // could not register or prove (LeafVerifier.checkJob)
    graphVerifier = GraphEvaluators.deploy(chain.web3j(), tm, gas);
    leafVerifier =
        LeafVerifier.deploy(chain.web3j(), tm, gas, graphVerifier.getContractAddress()).send();
    market =
        JobMarket.deploy(
                chain.web3j(),
                tm,
                gas,
                tokenAddress,
                registry.getContractAddress(),
                admin,
                settings.treasury().orElse(admin),
                BigInteger.valueOf(settings.challengeWindow()),
                BigInteger.valueOf(settings.randomnessDelay()),
                BigInteger.valueOf(settings.verifierFeeBps()),
                leafVerifier.getContractAddress())
            .send();
    registry.grantRole(registry.MARKET_ROLE().send(), market.getContractAddress()).send();
    channels =
        PaymentChannels.deploy(
                chain.web3j(),
                tm,
                gas,
                tokenAddress,
                settings.minChannelDeposit(),
                BigInteger.valueOf(settings.channelChallengePeriod()))
            .send();
  }

  /** AdminTimelock, DisputeGame, DisputeGameLens, DataAvailability, and the market's game roles. */
  private void deployDispute() throws Exception {
    // every admin power goes to a timelock whose delay exceeds the longest window anyone needs
    // to react (challenge window, unbonding); the deployer only proposes and executes, in public
    long floor = Math.max(settings.challengeWindow(), settings.unbondingDelay());
    timelock =
        AdminTimelock.deploy(
                chain.web3j(),
                tm,
                gas,
                BigInteger.valueOf(DevnetDeployer.adminDelay(settings)),
                BigInteger.valueOf(floor),
                List.of(admin),
                List.of(admin))
            .send();
    game =
        DisputeGame.deploy(
                chain.web3j(),
                tm,
                gas,
                market.getContractAddress(),
                token.getContractAddress(),
                timelock.getContractAddress(),
                settings.disputeBond(),
                BigInteger.valueOf(settings.disputeClock()),
                DevnetDeployer.DISPUTE_MOVE_REFUND,
                leafVerifier.getContractAddress())
            .send();
    lens = DisputeGameLens.deploy(chain.web3j(), tm, gas).send();
    dataAvailability =
        DataAvailability.deploy(
                chain.web3j(),
                tm,
                gas,
                market.getContractAddress(),
                token.getContractAddress(),
                game.getContractAddress(),
                leafVerifier.getContractAddress())
            .send();
    market.grantRole(market.DISPUTE_GAME_ROLE().send(), game.getContractAddress()).send();
    market
        .grantRole(market.DISPUTE_GAME_ROLE().send(), dataAvailability.getContractAddress())
        .send();
  }

  /** The deployer keeps only the (devnet) guardian role; every admin role moves to the timelock. */
  private void handOverAdmin() throws Exception {
    // Devnet only: the deployer is also the guardian that may pause the market's settlements
    // (finalize, withdraw; 7 days at most, 14-day cooldown; it can take nothing, so it needs no
    // delay). A real deployment gives GUARDIAN_ROLE to a multisig (docs/contracts.md).
    market.grantRole(market.GUARDIAN_ROLE().send(), admin).send();
    byte[] adminRole = new byte[32]; // DEFAULT_ADMIN_ROLE = 0x00
    String timelockAddress = timelock.getContractAddress();
    registry.grantRole(adminRole, timelockAddress).send();
    registry.renounceRole(adminRole, admin).send();
    market.grantRole(adminRole, timelockAddress).send();
    market.renounceRole(adminRole, admin).send();
  }

  private static long blockOf(Contract contract) {
    TransactionReceipt r =
        contract
            .getTransactionReceipt()
            .orElseThrow(() -> new IllegalStateException("no deployment receipt"));
    return r.getBlockNumber().longValueExact();
  }
}
