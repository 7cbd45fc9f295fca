package io.tribunal.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.tribunal.bindings.Deployment;
import io.tribunal.bindings.eip712.Bytes32;
import io.tribunal.bindings.generated.JobMarket;
import io.tribunal.client.job.JobRequestBuilder;
import io.tribunal.core.data.MnistNpm;
import io.tribunal.devnet.DevnetDeployer;
import io.tribunal.devnet.Keystores;
import io.tribunal.devnet.kit.AnvilRpc;
import io.tribunal.devnet.kit.Await;
import io.tribunal.devnet.kit.BlockProducer;
import io.tribunal.devnet.kit.RoleConfig;
import io.tribunal.devnet.kit.RoleLayout;
import io.tribunal.devnet.kit.Tusd;
import io.tribunal.devnet.testing.Devnet;
import io.tribunal.protocol.job.JobStatus;
import io.tribunal.protocol.job.SignedSubmission;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.methods.response.Transaction;

/**
 * What the daemon ITs share, composed from small parts: a devnet (anvil + every contract, from
 * {@code AnvilExtension}), fresh keystore accounts funded by the deployer, role configs written by
 * the devnet kit ({@link RoleLayout}), daemons started as their own JVMs, jobs signed by a user
 * ({@link JobSigning}) and relayed over HTTP, a {@link BlockProducer} (anvil only mines on
 * transactions; a real chain makes blocks on its own), and chain reads ({@link ChainReads}).
 *
 * <p>Over 250 lines because it is the one facade some twenty ITs call: it keeps one-line delegates
 * for the reads and configs they use hundreds of times; the logic is in the parts.
 */
final class World implements AutoCloseable {
  static final String SOLVER_MAIN = "io.tribunal.solver.daemon.RunCommand";
  static final String VERIFIER_MAIN = "io.tribunal.verifier.VerifierCommand$Run";
  static final String CHALLENGER_MAIN = "io.tribunal.challenger.ChallengerCommand$Run";
  static final String MODEL = "mlp:784-16-10";
  static final long STEPS = 64;
  static final BigInteger PRICE = usd(25);
  static final BigInteger COLLATERAL = usd(50);
  static final BigInteger SOLVER_STAKE = usd(200);

  /**
   * The verifier pool (10% of the price): an unattested job pays it back to the user, never to the
   * solver, so a job without a verifier pays its solver {@code PRICE − VERIFIER_POOL}.
   */
  static final BigInteger VERIFIER_POOL = PRICE.divide(BigInteger.TEN);

  /**
   * A solver's wallet (funded 1000 tUSD, SOLVER_STAKE staked) after one unattested job paid out,
   * plus {@code more} (e.g. bonds it won).
   */
  static BigInteger solverWalletAfterUnattestedJob(BigInteger more) {
    return usd(1000).subtract(SOLVER_STAKE).add(PRICE).subtract(VERIFIER_POOL).add(more);
  }

  static final BigInteger VERIFIER_STAKE = usd(100);

  private static final String PASSWORD = "e2e-keystore-password";

  final Devnet devnet;
  final Path dir;
  final Path deploymentFile;
  final Path datasetCache;
  final DevnetDeployer deployer;
  final String rpcUrl;
  final Path passwordFile;
  private final Path logs;
  private final RoleLayout roles;
  private final JobSigning signing;

  /** Every chain read; the common ones also as methods of World. */
  final ChainReads reads;

  private final List<DaemonProcess> daemons = new ArrayList<>();
  private BlockProducer blocks;

  /** Daemons reach the node at {@code rpcUrl} (anvil itself, or a proxy in front of it). */
  World(Devnet devnet, Path dir, String rpcUrl) {
    this.devnet = devnet;
    this.dir = dir;
    this.rpcUrl = rpcUrl;
    this.deployer = new DevnetDeployer(devnet.chain(), devnet.account(0));
    this.deploymentFile = dir.resolve("deployment.json");
    this.passwordFile = dir.resolve("password.txt");
    this.datasetCache = dir.resolve("datasets");
    this.roles =
        new RoleLayout(
            dir, deploymentFile, rpcUrl, dir.resolve("keys"), passwordFile, datasetCache);
    this.signing = new JobSigning(devnet, deployer, datasetCache);
    this.reads = new ChainReads(devnet, deployer);
    // logs outlive the temp dir, so a failed run can be read afterwards
    this.logs =
        Path.of("target", "e2e-logs", devnet.anvil().rpcUrl().replaceAll("[^0-9]", ""))
            .toAbsolutePath();
    System.out.println("daemon logs: " + logs);
    Deployment d = devnet.deployment();
    new Deployment(d.chainId(), rpcUrl, d.contracts()).write(deploymentFile);
    try {
      Files.writeString(passwordFile, PASSWORD);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    MnistNpm.load(
        datasetCache,
        io.tribunal.protocol.layout.NpmLocator
            .packages()); // converts once; the daemons read the cache
  }

  World(Devnet devnet, Path dir) {
    this(devnet, dir, devnet.anvil().rpcUrl());
  }

  static BigInteger usd(long whole) {
    return Tusd.of(whole);
  }

  // ---- accounts

  /** A new key in {@code dir/keys/<role>.json}, funded with ETH and tUSD. */
  Credentials account(String role, long eth, long usd) {
    Credentials c = Keystores.create(roles.keystores(), role, PASSWORD);
    deployer.fund(devnet.deployment(), c.getAddress(), eth, usd);
    return c;
  }

  Path keystore(String role) {
    return roles.keystore(role);
  }

  // ---- configs and daemons

  String commonYaml(String role) {
    return roles.config(role).yaml();
  }

  /** A solver's config: stake, a 1000 tUSD collateral budget, relay {@code httpPort}. */
  RoleConfig solver(String role, int httpPort) {
    Map<String, Object> policy = RoleConfig.section("collateralBudget", usd(1000));
    return roles.config(role).solver(SOLVER_STAKE, policy, httpPort, MODEL, 16, 4);
  }

  /** {@code role.yaml}: {@link #solver} with the top-level keys of {@code extra} on top. */
  Path solverConfig(String role, int httpPort, String extra) {
    return solver(role, httpPort).merge(extra).write(roles.file(role + ".yaml"));
  }

  Path verifierConfig(String role) {
    RoleConfig c = roles.config(role).with("stake", VERIFIER_STAKE).with("samples", 4);
    return c.write(roles.file(role + ".yaml"));
  }

  Path challengerConfig(String role, String extra) {
    return roles.config(role).merge(extra).write(roles.file(role + ".yaml"));
  }

  Path write(String name, String yaml) {
    try {
      return Files.writeString(roles.file(name), yaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  DaemonProcess start(String role, String mainClass, Path config, Map<String, String> props) {
    DaemonProcess p =
        DaemonProcess.start(
            role, mainClass, logs.resolve(role + ".log"), props, "--config", config.toString());
    daemons.add(p);
    return p;
  }

  DaemonProcess startSolver(String role, Path config, Map<String, String> props) {
    return started(start(role, SOLVER_MAIN, config, props), "solver");
  }

  DaemonProcess startVerifier(String role, Path config) {
    return started(start(role, VERIFIER_MAIN, config, Map.of()), "verifier");
  }

  DaemonProcess startChallenger(String role, Path config, Map<String, String> props) {
    return started(start(role, CHALLENGER_MAIN, config, props), "challenger");
  }

  private static DaemonProcess started(DaemonProcess p, String kind) {
    p.awaitLog(kind + " 0x[0-9a-f]{40}: ready", Duration.ofSeconds(60));
    return p;
  }

  // ---- jobs

  /** What a signed job trains: model, dataset argument, steps and batch. */
  record Shape(String model, String dataset, long steps, int batch) {
    static final Shape MNIST = new Shape(MODEL, "mnist", STEPS, 32);
  }

  /** A signed job, its id on this chain, and what it was built from. */
  record Submission(Bytes32 jobId, SignedSubmission body, JobRequestBuilder.Built built) {}

  /** A user-signed request + permit as the relay's JSON body. */
  Submission sign(Credentials user, long seed, long chainId) {
    return sign(user, seed, chainId, Shape.MNIST);
  }

  /** A user-signed request of {@code shape} + permit as the relay's JSON body. */
  Submission sign(Credentials user, long seed, long chainId, Shape shape) {
    return signing.sign(user, seed, chainId, shape);
  }

  Submission sign(Credentials user, long seed) {
    return sign(user, seed, devnet.chain().chainId());
  }

  /** Relays {@code s} through the solver at {@code port}; asserts 202 and returns the job id. */
  Bytes32 relay(int port, Submission s) {
    HttpResponse<String> r = RelayHttp.post(port, s.body().toJson());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    assertThat(r.body()).contains(s.jobId().hex());
    return s.jobId();
  }

  /**
   * Registers {@code s}'s committed job with the DisputeGame as {@code as} (anyone may; once per
   * job), so games can be opened on it.
   */
  void registerWithGame(Credentials as, Submission s) {
    signing.registerWithGame(as, s);
  }

  // ---- chain reads (the rest in reads)

  JobMarket.JobView job(Bytes32 id) {
    return reads.job(id);
  }

  JobStatus status(Bytes32 id) {
    return reads.status(id);
  }

  BigInteger token(String address) {
    return reads.token(address);
  }

  BigInteger claimable(String address) {
    return reads.claimable(address);
  }

  long nonce(String address) {
    return reads.nonce(address);
  }

  List<Transaction> assertNoDuplicateTransactions(String from) {
    return reads.assertNoDuplicateTransactions(from);
  }

  // ---- time and blocks

  /** Mines a block every {@code period} (a real chain makes blocks without transactions). */
  synchronized void startMining(Duration period) {
    if (blocks == null) {
      blocks = BlockProducer.start(devnet.chain(), period, "block-producer");
    }
  }

  synchronized void stopMining() {
    if (blocks != null) {
      blocks.close();
      blocks = null;
    }
  }

  void passChallengeWindow() {
    AnvilRpc.advanceTime(devnet.chain(), deployer.settings().challengeWindow() + 1);
  }

  static void await(String what, Duration timeout, BooleanSupplier condition) {
    Await.until(what, timeout, condition);
  }

  void awaitStatus(Bytes32 id, JobStatus want, Duration timeout) {
    await("job " + id + " " + want, timeout, () -> status(id) == want);
  }

  @Override
  public void close() {
    stopMining();
    for (DaemonProcess p : daemons) {
      p.close();
    }
  }
}
