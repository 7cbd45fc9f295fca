package io.tribunal.devnet;

import io.tribunal.bindings.Deployment;
import io.tribunal.bindings.TribunalChain;
import io.tribunal.bindings.generated.JobMarket;
import io.tribunal.bindings.generated.PaymentChannels;
import io.tribunal.bindings.generated.StakeRegistry;
import io.tribunal.bindings.generated.TestUSD;
import io.tribunal.devnet.kit.Tusd;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Optional;
import org.web3j.crypto.Credentials;
import org.web3j.tx.Transfer;
import org.web3j.tx.gas.ContractGasProvider;
import org.web3j.utils.Convert;

/**
 * Deploys every contract the project has onto a chain, wires them (the JobMarket gets the
 * StakeRegistry's MARKET_ROLE) and funds accounts. Uses only standard JSON-RPC (no anvil cheats),
 * so the same code deploys to Besu. The deployer account becomes the admin of every contract, the
 * JobMarket's guardian (a devnet shortcut) and the owner of TestUSD.
 */
public final class DevnetDeployer {
  /**
   * Refund per challenger move out of a proven cheat's collateral: the reference cost of one
   * challenger move, 300,000 gas (more than the largest measured, `open` at ~273k) at 1 gwei and
   * 3,333 tUSD per ETH, i.e. 1 tUSD (docs/dispute-game.md, "Adversaries").
   */
  public static final BigInteger DISPUTE_MOVE_REFUND = BigInteger.TEN.pow(6);

  /** The reference gas price the dispute economics are documented at: 1 gwei. */
  public static final BigInteger REFERENCE_GAS_PRICE_WEI = BigInteger.TEN.pow(9);

  /** The reference exchange rate: tUSD base units (6 decimals) per ETH, 3,333 tUSD. */
  public static final BigInteger REFERENCE_USD_UNITS_PER_ETH = BigInteger.valueOf(3_333_000_000L);

  /** {@code gas} at the reference gas price, in tUSD base units (rounded up). */
  public static BigInteger referenceCost(BigInteger gas) {
    BigInteger weiPerEth = BigInteger.TEN.pow(18);
    BigInteger[] qr =
        gas.multiply(REFERENCE_GAS_PRICE_WEI)
            .multiply(REFERENCE_USD_UNITS_PER_ETH)
            .divideAndRemainder(weiPerEth);
    return qr[1].signum() == 0 ? qr[0] : qr[0].add(BigInteger.ONE);
  }

  /** One TestUSD in base units (6 decimals). */
  public static final BigInteger USD = Tusd.UNIT;

  /**
   * Constructor parameters of the settlement contracts.
   *
   * @param treasury receives the treasury share of slashes; empty = the deployer
   * @param unbondingDelay seconds a StakeRegistry unstake waits
   * @param minStake least active stake (base units) for {@code isStaked}
   * @param challengeWindow seconds after a commit during which a job can be disputed
   * @param randomnessDelay blocks between a commit and its randomness anchor block (≥ 1)
   * @param verifierFeeBps share of a job's price split among attesting verifiers
   * @param minChannelDeposit smallest PaymentChannels deposit (base units)
   * @param channelChallengePeriod seconds a payee has to answer a payer-started close
   * @param disputeBond bond a challenger posts to open a dispute game (base units)
   * @param disputeClock each side's chess-clock budget in a dispute game (seconds)
   */
  public record Settings(
      Optional<String> treasury,
      long unbondingDelay,
      BigInteger minStake,
      long challengeWindow,
      long randomnessDelay,
      int verifierFeeBps,
      BigInteger minChannelDeposit,
      long channelChallengePeriod,
      BigInteger disputeBond,
      long disputeClock) {

    /**
     * Devnet values: 1 h windows, 1 day unbonding, 100 tUSD minimum stake, 10% verifier fee, 5 tUSD
     * dispute bond, 10 min dispute clock per side.
     */
    public static Settings devnet() {
      return new Settings(
          Optional.empty(),
          86_400,
          BigInteger.valueOf(100).multiply(USD),
          3_600,
          1,
          1_000,
          USD,
          3_600,
          BigInteger.valueOf(5).multiply(USD),
          600);
    }

    public Settings withTreasury(String address) {
      return new Settings(
          Optional.of(address),
          unbondingDelay,
          minStake,
          challengeWindow,
          randomnessDelay,
          verifierFeeBps,
          minChannelDeposit,
          channelChallengePeriod,
          disputeBond,
          disputeClock);
    }
  }

  private final TribunalChain chain;
  private final Credentials deployer;
  private final Settings settings;
  private final ContractGasProvider gas;

  public DevnetDeployer(TribunalChain chain, Credentials deployer) {
    this(chain, deployer, Settings.devnet());
  }

  public DevnetDeployer(TribunalChain chain, Credentials deployer, Settings settings) {
    this.chain = chain;
    this.deployer = deployer;
    this.settings = settings;
    this.gas = chain.gasProvider();
  }

  public Settings settings() {
    return settings;
  }

  /**
   * Deploys TestUSD, StakeRegistry, JobMarket, PaymentChannels, LeafVerifier, DisputeGame,
   * DisputeGameLens and DataAvailability, grants the market its MARKET_ROLE in the registry, the
   * game and the data-availability contract the DISPUTE_GAME_ROLE in the market and the deployer
   * the market's GUARDIAN_ROLE (devnet only), and records each contract under its Solidity name
   * with its deployment block.
   */
  public Deployment deployAll() {
    try {
      return new ContractSuite(chain, deployer, settings).deploy();
    } catch (Exception e) {
      throw new IllegalStateException("deployment failed: " + e.getMessage(), e);
    }
  }

  /**
   * The delay of every admin action: twice the longest window a participant needs to react (the
   * challenge window, the unbonding delay). Devnet: 2 days.
   */
  public static long adminDelay(Settings settings) {
    return 2 * Math.max(settings.challengeWindow(), settings.unbondingDelay());
  }

  public TestUSD token(Deployment deployment, Credentials as) {
    return TestUSD.load(
        deployment.address("TestUSD"), chain.web3j(), chain.transactionManager(as), gas);
  }

  public StakeRegistry registry(Deployment deployment, Credentials as) {
    return StakeRegistry.load(
        deployment.address("StakeRegistry"), chain.web3j(), chain.transactionManager(as), gas);
  }

  public JobMarket market(Deployment deployment, Credentials as) {
    return JobMarket.load(
        deployment.address("JobMarket"), chain.web3j(), chain.transactionManager(as), gas);
  }

  public PaymentChannels channels(Deployment deployment, Credentials as) {
    return PaymentChannels.load(
        deployment.address("PaymentChannels"), chain.web3j(), chain.transactionManager(as), gas);
  }

  /** Sends {@code eth} ETH and mints {@code usd} whole TestUSD to {@code address}. */
  public void fund(Deployment deployment, String address, long eth, long usd) {
    try {
      if (eth > 0) {
        new Transfer(chain.web3j(), chain.transactionManager(deployer))
            .sendFunds(
                address,
                BigDecimal.valueOf(eth),
                Convert.Unit.ETHER,
                gas.getGasPrice(),
                BigInteger.valueOf(21_000))
            .send();
      }
      if (usd > 0) {
        token(deployment, deployer).mint(address, BigInteger.valueOf(usd).multiply(USD)).send();
      }
    } catch (Exception e) {
      throw new IllegalStateException("funding " + address + " failed: " + e.getMessage(), e);
    }
  }
}
