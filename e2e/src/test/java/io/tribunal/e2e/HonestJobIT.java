package io.tribunal.e2e;

import static io.tribunal.e2e.World.PRICE;
import static io.tribunal.e2e.World.SOLVER_STAKE;
import static io.tribunal.e2e.World.VERIFIER_STAKE;
import static io.tribunal.e2e.World.usd;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tribunal.bindings.eip712.Bytes32;
import io.tribunal.core.model.ModelState;
import io.tribunal.core.store.CheckpointStore;
import io.tribunal.core.tensor.Tensor;
import io.tribunal.core.train.ForwardPass;
import io.tribunal.devnet.testing.AnvilExtension;
import io.tribunal.devnet.testing.Devnet;
import io.tribunal.node.testing.FaultHooks;
import io.tribunal.protocol.job.JobStatus;
import io.tribunal.solver.inference.ServedModel;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;

/**
 * The honest path with every role in its own JVM: a user with no ETH signs an MNIST job and a
 * permit, the solver daemon relays it ({@code POST /v1/jobs}), claims, trains, commits; the
 * verifier daemon samples, replays and attests; the challenge window passes; the solver finalizes
 * and withdraws, the verifier withdraws its fee. Balances are checked to the base unit. The daemons
 * reach anvil through a TCP proxy, which the second test cuts for 10 s in the middle of a job. The
 * third sells paid inference on the first job's model from the same solver daemon to a user who
 * only runs {@code tribunal channel …} and {@code tribunal infer} commands.
 */
@ExtendWith(AnvilExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HonestJobIT {
  /** 10% of the price to the one attesting verifier (devnet verifierFeeBps = 1000). */
  private static final BigInteger FEE = PRICE.divide(BigInteger.TEN);

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  private static World world;
  private static RpcProxy proxy;
  private static Credentials user;
  private static Credentials solver;
  private static Credentials verifier;
  private static int relayPort;
  private static DaemonProcess solverProcess;
  private static DaemonProcess verifierProcess;
  private static Bytes32 firstJob;

  @BeforeAll
  static void startDaemons(Devnet devnet) {
    proxy = new RpcProxy(devnet.anvil().rpcUrl());
    world = new World(devnet, dir, proxy.url());
    user = world.account("user", 0, 100);
    solver = world.account("solver", 10, 1000);
    verifier = world.account("verifier", 10, 500);
    relayPort = RpcProxy.freePort();
    solverProcess =
        world.startSolver(
            "solver",
            world.solverConfig("solver", relayPort, ""),
            Map.of(FaultHooks.STEP_DELAY_MS, "50"));
    verifierProcess = world.startVerifier("verifier", world.verifierConfig("verifier"));
    // before any job: every documented series is already exported, in valid text format
    DocumentedMetrics.assertAtStart("solver", solverProcess);
    DocumentedMetrics.assertAtStart("verifier", verifierProcess);
    world.startMining(Duration.ofMillis(500));
  }

  @AfterAll
  static void stop() {
    if (world != null) {
      world.close();
    }
    if (proxy != null) {
      proxy.close();
    }
  }

  @Test
  @Order(1)
  void paysTheSolverAndTheVerifierForARelayedJobToTheUnit() {
    BigInteger solverBefore = world.token(solver.getAddress());
    BigInteger verifierBefore = world.token(verifier.getAddress());

    Bytes32 id = world.relay(relayPort, world.sign(user, 1));
    firstJob = id;

    world.awaitStatus(id, JobStatus.COMMITTED, Duration.ofSeconds(90));
    solverProcess.awaitLog("job " + id.hex() + ": step 64/64", Duration.ofSeconds(5));
    World.await(
        "the verifier's attestation",
        Duration.ofSeconds(90),
        () ->
            world.job(id).attesters.stream()
                .anyMatch(a -> a.equalsIgnoreCase(verifier.getAddress())));
    verifierProcess.awaitLog(
        "job " + id.hex() + ": replayed transitions .* all match", Duration.ofSeconds(5));

    world.passChallengeWindow();
    world.awaitStatus(id, JobStatus.FINALIZED, Duration.ofSeconds(60));
    World.await(
        "both withdrawals",
        Duration.ofSeconds(60),
        () ->
            world.token(solver.getAddress()).equals(solverBefore.add(PRICE).subtract(FEE))
                && world.token(verifier.getAddress()).equals(verifierBefore.add(FEE)));

    assertThat(world.token(user.getAddress())).isEqualTo(usd(100).subtract(PRICE));
    assertThat(world.devnet.chain().ethBalance(user.getAddress())).isZero();
    assertThat(world.token(solver.getAddress()))
        .isEqualTo(usd(1000).subtract(SOLVER_STAKE).add(PRICE).subtract(FEE));
    assertThat(world.token(verifier.getAddress()))
        .isEqualTo(usd(500).subtract(VERIFIER_STAKE).add(FEE));
    assertThat(world.claimable(solver.getAddress())).isZero();
    assertThat(world.claimable(verifier.getAddress())).isZero();
    assertThat(world.token(world.devnet.deployment().address("JobMarket"))).isZero();
    assertThat(world.token(world.devnet.deployment().address("StakeRegistry")))
        .isEqualTo(SOLVER_STAKE.add(VERIFIER_STAKE));
    // approve, stake, setOperator, submitJob (relay), claim, commit, finalize, withdraw
    assertThat(world.assertNoDuplicateTransactions(solver.getAddress())).hasSize(8);
    // approve, stake, setOperator, attest (records the randomness too, or recordRandomness first),
    // withdraw
    assertThat(world.assertNoDuplicateTransactions(verifier.getAddress())).hasSizeBetween(5, 6);

    // the user's view of the finished job, through the real client commands
    String deployment = world.deploymentFile.toString();
    JobCli status = JobCli.run("status", id.hex(), "--deployment", deployment);
    assertThat(status.exit()).as(status.err()).isZero();
    assertThat(status.out()).contains("FINALIZED").contains(world.job(id).solver.substring(2));
    JobCli mine =
        JobCli.run("list", "--mine", "--address", user.getAddress(), "--deployment", deployment);
    assertThat(mine.exit()).as(mine.err()).isZero();
    assertThat(mine.out()).contains(id.hex()).contains("FINALIZED");
    JobCli others =
        JobCli.run(
            "list", "--mine", "--address", verifier.getAddress(), "--deployment", deployment);
    assertThat(others.out()).doesNotContain(id.hex());
    Path out = dir.resolve("result");
    JobCli result =
        JobCli.run("result", id.hex(), "--out", out.toString(), "--deployment", deployment);
    assertThat(result.exit()).as(result.err()).isZero();
    assertThat(result.out())
        .contains("verified")
        .contains(new Bytes32(world.job(id).finalModelHash).hex());
  }

  @Test
  @Order(3)
  void theSolverDaemonSellsInferenceOnItsFinalizedModelToTheUserCommands() throws Exception {
    Credentials buyer = world.account("buyer", 1, 10);
    String endpoint = "http://127.0.0.1:" + relayPort;
    String model = new Bytes32(world.job(firstJob).finalModelHash).hex();
    BigInteger solverBefore = world.token(solver.getAddress());
    long solverTxs = world.nonce(solver.getAddress());

    // more than the buyer holds: the chain refuses the open and no channel record is left behind
    CliProcess refused =
        cli("", "channel", "open", "--payee", solver.getAddress(), "--deposit", "1000");
    assertThat(refused.exit()).as(refused.out()).isEqualTo(1);
    assertThat(refused.err()).contains("open refused by the chain");
    try (var records = Files.list(dir.resolve("buyer-channels"))) {
      assertThat(records.filter(f -> f.toString().endsWith(".json"))).isEmpty();
    }

    CliProcess open =
        cli("", "channel", "open", "--payee", solver.getAddress(), "--deposit", "1", "--json");
    assertThat(open.exit()).as(open.err()).isZero();
    String channelId = JSON.readTree(open.out()).path("channelId").asText();
    assertThat(JSON.readTree(open.out()).path("deposit").asText()).isEqualTo("1000000");

    // before paying: the staked solvers, their free stake and the models each one sells
    CliProcess solvers =
        CliProcess.run(
            dir,
            "",
            List.of(
                "solvers",
                "--rpc-url",
                world.rpcUrl,
                "--deployment",
                world.deploymentFile.toString(),
                "--json"));
    assertThat(solvers.exit()).as(solvers.err()).isZero();
    JsonNode listed = JSON.readTree(solvers.out());
    assertThat(listed).hasSize(1);
    assertThat(listed.get(0).path("solver").asText()).isEqualToIgnoringCase(solver.getAddress());
    assertThat(listed.get(0).path("endpoint").asText()).isEqualTo(endpoint);
    assertThat(listed.get(0).path("models").toString()).contains(model);

    // no --server: the client finds the solver's endpoint in the StakeRegistry and picks it
    int[] input = new int[784];
    for (int i = 0; i < input.length; i++) {
      input[i] = i % 5 == 0 ? (i * 104_729) % 65_537 : 0;
    }
    Path inputFile = dir.resolve("digit.json");
    Files.writeString(inputFile, JSON.writeValueAsString(Map.of("input", input)));
    CliProcess first =
        cli("", "infer", "--model", model, "--input", inputFile.toString(), "--json");
    assertThat(first.exit()).as(first.err()).isZero();
    JsonNode r1 = JSON.readTree(first.out());
    assertThat(r1.path("server").asText()).isEqualTo(endpoint);
    BigInteger price = new BigInteger(r1.path("price").asText());
    assertThat(price.signum()).isPositive();
    assertThat(r1.path("cumulativeAmount").asText()).isEqualTo(price.toString());
    // the answer is core's forward pass over the model the chain finalized, bit for bit
    int[] expected = localLogits(input);
    assertThat(JSON.convertValue(r1.path("logits"), int[].class)).containsExactly(expected);
    assertThat(r1.path("prediction").asInt()).isEqualTo(ForwardPass.argmax(expected));

    // the same input from stdin, explicit server: the next voucher
    String text = Files.readString(inputFile);
    CliProcess second =
        cli(text, "infer", "--model", model, "--input", "-", "--server", endpoint, "--json");
    assertThat(second.exit()).as(second.err()).isZero();
    BigInteger paid = price.multiply(BigInteger.TWO);
    assertThat(JSON.readTree(second.out()).path("cumulativeAmount").asText())
        .isEqualTo(paid.toString());

    // the operator sees it on the daemon's /metrics: two paid answers, their revenue unclaimed
    String metrics = solverMetrics();
    assertThat(metrics)
        .contains("tribunal_inference_paid_total{role=\"solver\"} 2\n")
        .contains("tribunal_inference_revenue_total{role=\"solver\"} " + paid + "\n")
        .contains("tribunal_inference_unclaimed{role=\"solver\"} " + paid + "\n")
        // each CLI run asks the price first: a quote, not a refusal
        .contains("tribunal_inference_quotes_total{role=\"solver\"} 2\n")
        .contains("tribunal_inference_refused_total{role=\"solver\",code=\"bad_payment\"} 0\n");

    CliProcess status = cli("", "channel", "status", "--channel", channelId, "--json");
    assertThat(status.exit()).as(status.err()).isZero();
    JsonNode st = JSON.readTree(status.out()).path(channelId);
    assertThat(st.path("status").asText()).isEqualTo("open");
    assertThat(st.path("acknowledged").asText()).isEqualTo(paid.toString());

    // bad input: one line, exit 2, nothing paid
    CliProcess bad = cli("", "infer", "--model", "0x12", "--input", inputFile.toString());
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err().lines().toList().get(0))
        .startsWith("tribunal: error: ")
        .contains("--model");

    // cooperative close: the daemon closes with its best voucher, through its own journal
    CliProcess close =
        cli("", "channel", "close", "--channel", channelId, "--server", endpoint, "--json");
    assertThat(close.exit()).as(close.err()).isZero();
    assertThat(JSON.readTree(close.out()).path("status").asText()).isEqualTo("closed");
    assertThat(world.token(solver.getAddress())).isEqualTo(solverBefore.add(paid));
    assertThat(world.token(buyer.getAddress())).isEqualTo(usd(10).subtract(paid));
    assertThat(world.token(world.devnet.deployment().address("PaymentChannels"))).isZero();
    assertThat(world.nonce(solver.getAddress())).isEqualTo(solverTxs + 1); // the close, once
    world.assertNoDuplicateTransactions(solver.getAddress());
    assertThat(solverProcess.log()).contains("intent channel-close:" + channelId);
    World.await(
        "the close in the daemon's metrics",
        Duration.ofSeconds(10),
        () ->
            solverMetrics().contains("tribunal_inference_closes_total{role=\"solver\"} 1\n")
                && solverMetrics().contains("tribunal_inference_unclaimed{role=\"solver\"} 0\n"));
  }

  /** The solver daemon's {@code /metrics} text (its port is in its log). */
  private static String solverMetrics() {
    java.util.regex.Matcher port =
        java.util.regex.Pattern.compile("metrics on port (\\d+)").matcher(solverProcess.log());
    assertThat(port.find()).as("the solver logged its metrics port").isTrue();
    try {
      return java.net.http.HttpClient.newHttpClient()
          .send(
              java.net.http.HttpRequest.newBuilder(
                      java.net.URI.create("http://127.0.0.1:" + port.group(1) + "/metrics"))
                  .build(),
              java.net.http.HttpResponse.BodyHandlers.ofString())
          .body();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** {@code tribunal <args> <the buyer's wallet options>} in its own JVM. */
  private static CliProcess cli(String stdin, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(
        List.of(
            "--rpc-url",
            world.rpcUrl,
            "--deployment",
            world.deploymentFile.toString(),
            "--keystore",
            world.keystore("buyer").toString(),
            "--password-file",
            world.passwordFile.toString(),
            "--channels-dir",
            dir.resolve("buyer-channels").toString()));
    return CliProcess.run(dir, stdin, all);
  }

  /** Core's batch forward pass over the model {@code job result} downloaded in the first test. */
  private static int[] localLogits(int[] input) throws Exception {
    Path result = dir.resolve("result");
    String name;
    try (var files = Files.list(result.resolve("checkpoints"))) {
      name = files.map(f -> f.getFileName().toString()).findFirst().orElseThrow();
    }
    ModelState state = CheckpointStore.open(result, false).load(name);
    ServedModel m = ServedModel.of(state);
    return ForwardPass.logits(m.spec(), m.params(), Tensor.wrap(input.length, new int[][] {input}))
        .row(0);
  }

  /** One run of the user's {@code tribunal job ...} command, in process. */
  record JobCli(int exit, String out, String err) {
    static JobCli run(String... args) {
      java.io.StringWriter out = new java.io.StringWriter();
      java.io.StringWriter err = new java.io.StringWriter();
      picocli.CommandLine cli = new picocli.CommandLine(new io.tribunal.client.job.JobCommand());
      cli.setOut(new java.io.PrintWriter(out));
      cli.setErr(new java.io.PrintWriter(err));
      int exit = cli.execute(args);
      return new JobCli(exit, out.toString(), err.toString());
    }
  }

  @Test
  @Order(2)
  void bothDaemonsRideOutTenSecondsWithoutTheirNode() {
    BigInteger solverBefore = world.token(solver.getAddress());
    BigInteger verifierBefore = world.token(verifier.getAddress());
    long solverTxs = world.nonce(solver.getAddress());

    Bytes32 id = world.relay(relayPort, world.sign(user, 2));
    // claimed and training (3.2 s with the step delay): the commit cannot have been sent yet
    solverProcess.awaitLog("job " + id.hex() + ": training from step 0", Duration.ofSeconds(60));
    proxy.cut();
    long cutAt = System.nanoTime();
    World.await(
        "10 s of outage",
        Duration.ofSeconds(15),
        () -> System.nanoTime() - cutAt > 10_000_000_000L);
    assertThat(world.status(id)).isEqualTo(JobStatus.CLAIMED); // nothing reached the chain
    proxy.restore();

    world.awaitStatus(id, JobStatus.COMMITTED, Duration.ofSeconds(60));
    World.await(
        "the verifier's attestation",
        Duration.ofSeconds(90),
        () ->
            world.job(id).attesters.stream()
                .anyMatch(a -> a.equalsIgnoreCase(verifier.getAddress())));
    world.passChallengeWindow();
    World.await(
        "both withdrawals",
        Duration.ofSeconds(90),
        () ->
            world.token(solver.getAddress()).equals(solverBefore.add(PRICE).subtract(FEE))
                && world.token(verifier.getAddress()).equals(verifierBefore.add(FEE)));
    assertThat(solverProcess.log()).contains("retrying");
    assertThat(world.token(world.devnet.deployment().address("JobMarket"))).isZero();
    // submitJob, claim, commit, finalize, withdraw: one each, nothing repeated after the outage
    assertThat(world.nonce(solver.getAddress())).isEqualTo(solverTxs + 5);
    world.assertNoDuplicateTransactions(solver.getAddress());
    world.assertNoDuplicateTransactions(verifier.getAddress());
  }
}
