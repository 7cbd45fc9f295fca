package io.tribunal.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.tribunal.bindings.Deployment;
import io.tribunal.bindings.eip712.Bytes32;
import io.tribunal.bindings.eip712.EcdsaSignature;
import io.tribunal.bindings.eip712.Eip2612Permit;
import io.tribunal.bindings.eip712.Eip712Domain;
import io.tribunal.bindings.eip712.JobRequest;
import io.tribunal.bindings.eip712.SignedPermit;
import io.tribunal.bindings.generated.DisputeGame;
import io.tribunal.bindings.generated.JobMarket;
import io.tribunal.client.job.JobRequestBuilder;
import io.tribunal.core.commit.Hash32;
import io.tribunal.core.data.MnistNpm;
import io.tribunal.core.model.MlpSpec;
import io.tribunal.devnet.DevnetDeployer;
import io.tribunal.devnet.Keystores;
import io.tribunal.devnet.testing.AnvilRpc;
import io.tribunal.devnet.testing.Devnet;
import io.tribunal.protocol.dispute.DisputeChain;
import io.tribunal.protocol.dispute.JobRegistration;
import io.tribunal.protocol.job.JobHashes;
import io.tribunal.protocol.job.JobStatus;
import io.tribunal.protocol.job.SignedSubmission;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.Transaction;

/**
 * What the daemon ITs share: a devnet (anvil + every contract, from {@code AnvilExtension}), fresh
 * keystore accounts funded by the deployer, role configs written as YAML, daemons started as their
 * own JVMs, jobs signed by a user and relayed over HTTP, a block producer (anvil only mines on
 * transactions; a real chain makes blocks on its own), and chain reads for the assertions.
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
  private final List<DaemonProcess> daemons = new ArrayList<>();
  private volatile boolean mining;
  private Thread miner;

  /** Daemons reach the node at {@code rpcUrl} (anvil itself, or a proxy in front of it). */
  World(Devnet devnet, Path dir, String rpcUrl) {
    this.devnet = devnet;
    this.dir = dir;
    this.rpcUrl = rpcUrl;
    this.deployer = new DevnetDeployer(devnet.chain(), devnet.account(0));
    this.deploymentFile = dir.resolve("deployment.json");
    this.passwordFile = dir.resolve("password.txt");
    this.datasetCache = dir.resolve("datasets");
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
    return BigInteger.valueOf(whole).multiply(DevnetDeployer.USD);
  }

  // ---- accounts

  /** A new key in {@code dir/keys/<role>.json}, funded with ETH and tUSD. */
  Credentials account(String role, long eth, long usd) {
    Credentials c = Keystores.create(dir.resolve("keys"), role, PASSWORD);
    deployer.fund(devnet.deployment(), c.getAddress(), eth, usd);
    return c;
  }

  Path keystore(String role) {
    return dir.resolve("keys").resolve(role + ".json");
  }

  // ---- configs and daemons

  String commonYaml(String role) {
    return "deployment: "
        + deploymentFile
        + "\nrpcUrl: "
        + rpcUrl
        + "\nkeystore: "
        + keystore(role)
        + "\npasswordFile: "
        + passwordFile
        + "\ndataDir: "
        + dir.resolve("data").resolve(role)
        + "\npollInterval: 200ms\ndatasetCache: "
        + datasetCache
        + "\n";
  }

  Path solverConfig(String role, int httpPort, String extra) {
    return write(
        role + ".yaml",
        commonYaml(role)
            + "stake: "
            + SOLVER_STAKE
            + "\npolicy: {collateralBudget: "
            + usd(1000)
            + "}\nhttp: {port: "
            + httpPort
            + "}\nmodels: [{spec: \""
            + MODEL
            + "\"}]\ntraining: {checkpointInterval: 16, progressEvery: 4, fsync: false}\n"
            + extra);
  }

  Path verifierConfig(String role) {
    return write(role + ".yaml", commonYaml(role) + "stake: " + VERIFIER_STAKE + "\nsamples: 4\n");
  }

  Path challengerConfig(String role, String extra) {
    return write(role + ".yaml", commonYaml(role) + extra);
  }

  Path write(String name, String yaml) {
    try {
      Path f = dir.resolve(name);
      Files.writeString(f, yaml);
      return f;
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
    DaemonProcess p = start(role, SOLVER_MAIN, config, props);
    p.awaitLog("solver 0x[0-9a-f]{40}: ready", Duration.ofSeconds(60));
    return p;
  }

  DaemonProcess startVerifier(String role, Path config) {
    DaemonProcess p = start(role, VERIFIER_MAIN, config, Map.of());
    p.awaitLog("verifier 0x[0-9a-f]{40}: ready", Duration.ofSeconds(60));
    return p;
  }

  DaemonProcess startChallenger(String role, Path config, Map<String, String> props) {
    DaemonProcess p = start(role, CHALLENGER_MAIN, config, props);
    p.awaitLog("challenger 0x[0-9a-f]{40}: ready", Duration.ofSeconds(60));
    return p;
  }

  // ---- jobs

  /** What a signed job trains: model, dataset argument, steps and batch. */
  record Shape(String model, String dataset, long steps, int batch) {
    static final Shape MNIST = new Shape(MODEL, "mnist", STEPS, 32);
  }

  /** A user-signed request + permit as the relay's JSON body. */
  Submission sign(Credentials user, long seed, long chainId) {
    return sign(user, seed, chainId, Shape.MNIST);
  }

  /** A user-signed request of {@code shape} + permit as the relay's JSON body. */
  Submission sign(Credentials user, long seed, long chainId, Shape shape) {
    Deployment d = devnet.deployment();
    String market = d.address("JobMarket");
    JobRequestBuilder.Built built =
        JobRequestBuilder.build(
            user.getAddress(),
            shape.model(),
            shape.dataset(),
            shape.steps(),
            shape.batch(),
            "0.1",
            seed,
            PRICE,
            COLLATERAL,
            AnvilRpc.now(devnet.chain()).longValueExact(),
            3600,
            86400,
            datasetCache);
    EcdsaSignature sig = built.request().sign(Eip712Domain.jobMarket(chainId, market), user);
    BigInteger tokenNonce =
        call(() -> deployer.token(d, devnet.account(0)).nonces(user.getAddress()).send());
    SignedPermit permit =
        SignedPermit.sign(
            new Eip2612Permit(
                user.getAddress(), market, PRICE, tokenNonce, built.request().claimDeadline()),
            Eip712Domain.testUsd(devnet.chain().chainId(), d.address("TestUSD")),
            user);
    SignedSubmission s =
        SignedSubmission.of(
            chainId,
            market,
            built.request(),
            sig,
            Optional.of(permit),
            built.hyperParams(),
            built.spec());
    Bytes32 id = built.request().digest(Eip712Domain.jobMarket(devnet.chain().chainId(), market));
    return new Submission(id, s, built);
  }

  Submission sign(Credentials user, long seed) {
    return sign(user, seed, devnet.chain().chainId());
  }

  /** A signed job, its id on this chain, and what it was built from. */
  record Submission(Bytes32 jobId, SignedSubmission body, JobRequestBuilder.Built built) {}

  static HttpResponse<String> post(int port, String body) {
    try {
      return HttpClient.newHttpClient()
          .send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/jobs"))
                  .timeout(Duration.ofSeconds(60))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static HttpResponse<String> get(int port, String path) {
    try {
      return HttpClient.newHttpClient()
          .send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                  .timeout(Duration.ofSeconds(30))
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Relays {@code s} through the solver at {@code port}; asserts 202 and returns the job id. */
  Bytes32 relay(int port, Submission s) {
    HttpResponse<String> r = post(port, s.body().toJson());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    assertThat(r.body()).contains(s.jobId().hex());
    return s.jobId();
  }

  /**
   * Registers {@code s}'s committed job with the DisputeGame as {@code as} (anyone may; once per
   * job), so games can be opened on it.
   */
  void registerWithGame(Credentials as, Submission s) {
    Deployment d = devnet.deployment();
    DisputeGame g =
        DisputeGame.load(
            d.address("DisputeGame"),
            devnet.chain().web3j(),
            devnet.chain().transactionManager(as),
            devnet.chain().gasProvider());
    JobRequest r = s.built().request();
    JobHashes.HyperParams hp = s.built().hyperParams();
    call(() -> JobRegistration.call(g, r, hp, MlpSpec.parse(MODEL).widths()).send());
  }

  // ---- chain reads

  /** The bond every game on {@code job} posts (fixed when the job was registered). */
  BigInteger jobBond(Hash32 job) {
    return DisputeChain.readOnly(devnet.chain(), devnet.deployment()).jobBond(job);
  }

  JobMarket market() {
    return deployer.market(devnet.deployment(), devnet.account(0));
  }

  JobMarket.JobView job(Bytes32 id) {
    return call(() -> market().getJob(id.bytes()).send());
  }

  JobStatus status(Bytes32 id) {
    return JobStatus.of(job(id).status);
  }

  BigInteger token(String address) {
    return call(
        () -> deployer.token(devnet.deployment(), devnet.account(0)).balanceOf(address).send());
  }

  BigInteger claimable(String address) {
    return call(() -> market().claimable(address).send());
  }

  long nonce(String address) {
    return call(
        () ->
            devnet
                .chain()
                .web3j()
                .ethGetTransactionCount(address, DefaultBlockParameterName.LATEST)
                .send()
                .getTransactionCount()
                .longValueExact());
  }

  /** Every transaction {@code from} sent that is on the canonical chain, in order. */
  List<Transaction> txsFrom(String from) {
    List<Transaction> out = new ArrayList<>();
    long head =
        call(() -> devnet.chain().web3j().ethBlockNumber().send().getBlockNumber())
            .longValueExact();
    for (long b = 0; b <= head; b++) {
      long n = b;
      EthBlock.Block block =
          call(
              () ->
                  devnet
                      .chain()
                      .web3j()
                      .ethGetBlockByNumber(
                          DefaultBlockParameter.valueOf(BigInteger.valueOf(n)), true)
                      .send()
                      .getBlock());
      for (EthBlock.TransactionResult<?> r : block.getTransactions()) {
        Transaction t = (Transaction) r.get();
        if (t.getFrom().equalsIgnoreCase(from)) {
          out.add(t);
        }
      }
    }
    return out;
  }

  /** {@code withdraw(address)}: the same calldata for every job's payout, so it may repeat. */
  static final String WITHDRAW = "0x51cff8d9";

  /**
   * No duplicate transaction: nonces 0..n-1 each once, the account's nonce is n, and no two
   * transactions carry the same call (target + calldata), except withdrawals (one per job).
   */
  List<Transaction> assertNoDuplicateTransactions(String from) {
    List<Transaction> txs = txsFrom(from);
    assertThat(txs.stream().map(t -> t.getNonce().longValueExact()).toList())
        .as("nonces of %s", from)
        .containsExactlyElementsOf(
            java.util.stream.LongStream.range(0, txs.size()).boxed().toList());
    assertThat(nonce(from)).isEqualTo(txs.size());
    assertThat(
            txs.stream()
                .filter(t -> !t.getInput().startsWith(WITHDRAW))
                .map(t -> t.getTo() + t.getInput())
                .toList())
        .as("calls of %s", from)
        .doesNotHaveDuplicates();
    return txs;
  }

  static long countCalls(List<Transaction> txs, String selector) {
    return txs.stream().filter(t -> t.getInput().startsWith(selector)).count();
  }

  // ---- time and blocks

  /** Mines a block every {@code period} (a real chain makes blocks without transactions). */
  synchronized void startMining(Duration period) {
    if (mining) {
      return;
    }
    mining = true;
    miner =
        Thread.ofPlatform()
            .daemon()
            .name("block-producer")
            .start(
                () -> {
                  while (mining) {
                    try {
                      AnvilRpc.mine(devnet.chain());
                      Thread.sleep(period.toMillis());
                    } catch (InterruptedException e) {
                      return;
                    } catch (RuntimeException e) {
                      // anvil busy or a test reorganising: try again next period
                    }
                  }
                });
  }

  synchronized void stopMining() {
    mining = false;
    if (miner != null) {
      miner.interrupt();
      try {
        miner.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  void passChallengeWindow() {
    AnvilRpc.advanceTime(devnet.chain(), deployer.settings().challengeWindow() + 1);
  }

  static void await(String what, Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  void awaitStatus(Bytes32 id, JobStatus want, Duration timeout) {
    await("job " + id + " " + want, timeout, () -> status(id) == want);
  }

  static <T> T call(java.util.concurrent.Callable<T> c) {
    try {
      return c.call();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    stopMining();
    for (DaemonProcess p : daemons) {
      p.close();
    }
  }
}
