package io.tribunal.e2e;

import static io.tribunal.e2e.World.PRICE;
import static org.assertj.core.api.Assertions.assertThat;

import io.tribunal.bindings.eip712.Bytes32;
import io.tribunal.bindings.eip712.EcdsaSignature;
import io.tribunal.bindings.eip712.Eip712Domain;
import io.tribunal.bindings.eip712.JobRequest;
import io.tribunal.bindings.eip712.SignedPermit;
import io.tribunal.devnet.testing.AnvilExtension;
import io.tribunal.devnet.testing.Devnet;
import io.tribunal.protocol.job.JobStatus;
import io.tribunal.protocol.job.SignedSubmission;
import io.tribunal.protocol.job.SubmitJobCall;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;

/**
 * Bad input to the daemons, each refused with a clear error and nothing sent on-chain (the solver's
 * nonce does not move): configs with missing fields, a job whose dataset does not match its root,
 * relay requests with a bad signature or signed for another chain, and checkpoint requests for
 * another job's data or escaping the job's directory. Also what a user learns before paying: {@code
 * job quote} asks this solver's real {@code /v1/jobs/quote} (accept, and a refusal with its
 * reason), and a signed request that was never sent is cancelled by {@code job cancel}, after which
 * both the relay and the market refuse it.
 */
@ExtendWith(AnvilExtension.class)
class BadInputIT {
  @TempDir static Path dir;
  private static World world;
  private static Credentials user;
  private static Credentials solver;
  private static int port;
  private static DaemonProcess solverProcess;

  @BeforeAll
  static void startSolver(Devnet devnet) {
    world = new World(devnet, dir);
    user = world.account("user", 1, 100);
    solver = world.account("solver", 10, 1000);
    port = RpcProxy.freePort();
    solverProcess = world.startSolver("solver", world.solverConfig("solver", port, ""), Map.of());
  }

  @AfterAll
  static void stop() {
    if (world != null) {
      world.close();
    }
  }

  @Test
  void configsWithMissingFieldsStopWithOneLineListingThemAndSendNothing() {
    Credentials idle = world.account("idle", 1, 0);
    Path solverYaml = world.write("bad-solver.yaml", world.commonYaml("idle") + "policy: {}\n");
    DaemonProcess s = world.start("bad-solver", World.SOLVER_MAIN, solverYaml, Map.of());
    assertThat(s.awaitExit(Duration.ofSeconds(30))).isEqualTo(2);
    assertThat(s.log())
        .contains("tribunal: error: invalid config " + solverYaml)
        .contains("stake: missing (required)")
        .contains("policy.collateralBudget: missing (required)")
        .contains("http.port: missing (required)")
        .doesNotContain("Exception");

    Path verifierYaml = world.write("bad-verifier.yaml", "keystore: nowhere.json\n");
    DaemonProcess v = world.start("bad-verifier", World.VERIFIER_MAIN, verifierYaml, Map.of());
    assertThat(v.awaitExit(Duration.ofSeconds(30))).isEqualTo(2);
    assertThat(v.log())
        .contains("deployment: missing (required)")
        .contains("dataDir: missing (required)")
        .contains("stake: missing (required)");
    assertThat(world.nonce(idle.getAddress())).isZero();
  }

  @Test
  void aJobWhoseDatasetDoesNotMatchItsRootIsNeitherClaimedNorTrained() throws Exception {
    long before = world.nonce(solver.getAddress());
    World.Submission honest = world.sign(user, 21);
    JobRequest r = honest.body().jobRequest();
    JobRequest wrongRoot =
        new JobRequest(
            r.user(),
            r.modelSpecHash(),
            Bytes32.keccakOf("not the mnist training split"),
            r.datasetURI(),
            r.hyperParamsHash(),
            r.steps(),
            r.seed(),
            r.price(),
            r.collateral(),
            r.claimDeadline(),
            r.commitDeadline(),
            r.nonce());
    String market = world.devnet.deployment().address("JobMarket");
    Eip712Domain domain = Eip712Domain.jobMarket(world.devnet.chain().chainId(), market);
    // the user submits directly (paying gas), so the solver has sent nothing for it
    world.deployer.token(world.devnet.deployment(), user).approve(market, PRICE).send();
    SubmitJobCall.of(
            world.deployer.market(world.devnet.deployment(), user),
            wrongRoot,
            wrongRoot.sign(domain, user).toBytes(),
            SignedPermit.noneForJobMarket(),
            honest.built().hyperParams(),
            honest.built().spec())
        .send();
    Bytes32 id = wrongRoot.digest(domain);

    solverProcess.awaitLog(
        "job "
            + id.hex()
            + ": not claiming: dataset mnist has root 0x[0-9a-f]{64} but the job names root "
            + Bytes32.keccakOf("not the mnist training split").hex(),
        Duration.ofSeconds(60));
    assertThat(world.status(id)).isEqualTo(JobStatus.OPEN);
    assertThat(world.nonce(solver.getAddress())).isEqualTo(before);
  }

  @Test
  void theRelayRefusesAJobItsSolverWouldNotClaimAndSubmitsNothing() {
    long before = world.nonce(solver.getAddress());
    long userNonce = world.nonce(user.getAddress());
    // a valid, well-signed job for a model this solver does not train (it offers mlp:784-16-10)
    World.Submission other =
        world.sign(
            user,
            33,
            world.devnet.chain().chainId(),
            new World.Shape("mlp:784-32-10", "mnist", World.STEPS, 32));
    HttpResponse<String> r = RelayHttp.post(port, other.body().toJson());
    assertThat(r.statusCode()).isEqualTo(422);
    assertThat(r.body())
        .contains("this solver would not claim the job")
        .contains("mlp:784-32-10")
        .contains("nothing was submitted");
    assertThat(world.status(other.jobId())).isEqualTo(JobStatus.NONE);
    assertThat(world.nonce(solver.getAddress())).isEqualTo(before);
    assertThat(world.nonce(user.getAddress())).isEqualTo(userNonce);
  }

  @Test
  void theRelayRefusesABadSignatureAndARequestSignedForAnotherChain() {
    long before = world.nonce(solver.getAddress());
    long chainId = world.devnet.chain().chainId();
    Credentials stranger = Credentials.create("0x" + "11".repeat(32));

    World.Submission ok = world.sign(user, 31);
    SignedSubmission b = ok.body();
    EcdsaSignature byStranger =
        ok.built()
            .request()
            .sign(
                Eip712Domain.jobMarket(chainId, world.devnet.deployment().address("JobMarket")),
                stranger);
    HttpResponse<String> badSig =
        RelayHttp.post(port, withSignature(b, byStranger.toHex()).toJson());
    assertThat(badSig.statusCode()).isEqualTo(400);
    assertThat(badSig.body()).contains("bad signature: not signed by " + user.getAddress());

    HttpResponse<String> garbage = RelayHttp.post(port, withSignature(b, "0x1234").toJson());
    assertThat(garbage.statusCode()).isEqualTo(400);
    assertThat(garbage.body()).contains("signature");

    // signed under chain 1's domain and declared as chain 1
    SignedSubmission otherChain = world.sign(user, 32, 1).body();
    HttpResponse<String> declared = RelayHttp.post(port, otherChain.toJson());
    assertThat(declared.statusCode()).isEqualTo(400);
    assertThat(declared.body()).contains("signed for chain 1, this relay is on chain " + chainId);

    // signed under chain 1's domain but relabelled as this chain: the signature does not recover
    SignedSubmission relabelled =
        new SignedSubmission(
            chainId,
            otherChain.market(),
            otherChain.request(),
            otherChain.signature(),
            otherChain.permit(),
            otherChain.hyperParams(),
            otherChain.model());
    HttpResponse<String> forged = RelayHttp.post(port, relabelled.toJson());
    assertThat(forged.statusCode()).isEqualTo(400);
    assertThat(forged.body()).contains("bad signature");

    assertThat(world.nonce(solver.getAddress())).isEqualTo(before);
    assertThat(world.status(ok.jobId())).isEqualTo(JobStatus.NONE);
  }

  @Test
  void checkpointRequestsForAnotherJobOrOutsideTheJobDirectoryAre404() throws Exception {
    Bytes32 mine = world.relay(port, world.sign(user, 41));
    world.awaitStatus(mine, JobStatus.COMMITTED, Duration.ofSeconds(90));
    String manifest = RelayHttp.get(port, "/v1/jobs/" + mine.hex() + "/manifest").body();
    assertThat(manifest).contains("\"result\"");
    String file = manifest.replaceAll("(?s).*?\"file\"\\s*:\\s*\"([0-9a-f]{64}\\.ckpt)\".*", "$1");
    assertThat(RelayHttp.get(port, "/v1/jobs/" + mine.hex() + "/checkpoints/" + file).statusCode())
        .isEqualTo(200);

    // another job's directory holding a copy of one of my checkpoints: not this solver's job
    Path jobs = dir.resolve("data").resolve("solver").resolve("jobs");
    String other = Bytes32.keccakOf("someone else's job").hex();
    Files.createDirectories(jobs.resolve(other));
    Files.copy(
        jobs.resolve(mine.hex()).resolve("manifest.json"),
        jobs.resolve(other).resolve("manifest.json"));
    assertThat(RelayHttp.get(port, "/v1/jobs/" + other + "/manifest").statusCode()).isEqualTo(404);
    assertThat(RelayHttp.get(port, "/v1/jobs/" + other + "/checkpoints/" + file).statusCode())
        .isEqualTo(404);
    // a job the solver skipped or never saw
    assertThat(
            RelayHttp.get(port, "/v1/jobs/" + Bytes32.keccakOf("x").hex() + "/model").statusCode())
        .isEqualTo(404);
    // a symlink inside my job's directory pointing outside it
    Path secret = dir.resolve("secret.ckpt");
    Files.writeString(secret, "not a checkpoint");
    String name = "ab".repeat(32) + ".ckpt";
    Files.createSymbolicLink(jobs.resolve(mine.hex()).resolve(name), secret);
    assertThat(RelayHttp.get(port, "/v1/jobs/" + mine.hex() + "/checkpoints/" + name).statusCode())
        .isEqualTo(404);

    for (String path :
        new String[] {
          "/v1/jobs/" + mine.hex() + "/checkpoints/../../../state.db",
          "/v1/jobs/" + mine.hex() + "/checkpoints/..%2F..%2F..%2Fstate.db",
          "/v1/jobs/../" + mine.hex() + "/manifest",
          "/v1/jobs/" + mine.hex() + "/../../state.db",
          "/v1/jobs/%2e%2e/state.db",
          "/v1/jobs/" + mine.hex() + "/checkpoints//etc/passwd",
          "/v1/jobs/" + mine.hex() + "/checkpoints/" + file + "/../../manifest.json"
        }) {
      assertThat(rawGet(path)).as(path).startsWith("HTTP/1.1 404");
    }
  }

  private record Run(int exit, String out, String err) {}

  private static Run tribunal(String... args) {
    java.io.StringWriter out = new java.io.StringWriter();
    java.io.StringWriter err = new java.io.StringWriter();
    var cli = io.tribunal.cli.TribunalCli.commandLine();
    cli.setOut(new java.io.PrintWriter(out));
    cli.setErr(new java.io.PrintWriter(err));
    int exit = cli.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  /** {@code job <verb>} with this world's deployment, dataset cache and the user's keystore. */
  private static String[] job(String verb, String model, String... extra) {
    java.util.List<String> a =
        new java.util.ArrayList<>(
            java.util.List.of(
                "job",
                verb,
                "--deployment",
                world.deploymentFile.toString(),
                "--keystore",
                world.keystore("user").toString(),
                "--dataset-cache",
                world.datasetCache.toString(),
                "--model",
                model,
                "--steps",
                "64"));
    a.addAll(java.util.List.of(extra));
    return a.toArray(String[]::new);
  }

  @Test
  void aQuoteAsksTheSolverWhichAcceptsOneModelAndRefusesAnotherWithItsReason() throws Exception {
    long userNonce = world.nonce(user.getAddress());
    long solverNonce = world.nonce(solver.getAddress());
    Run ok = tribunal(job("quote", World.MODEL, "--price", "25", "--json"));
    assertThat(ok.exit()).as(ok.err()).isZero();
    var q = new com.fasterxml.jackson.databind.ObjectMapper().readTree(ok.out());
    // 3 x 32 x (784 x 16 + 16 x 10) per step, 64 steps
    assertThat(q.path("macsPerStep").asText()).isEqualTo("1219584");
    assertThat(q.path("macsTotal").asText()).isEqualTo("78053376");
    assertThat(q.path("suggestedPriceUnits").asText()).isEqualTo("78054");
    assertThat(q.path("priceUnits").asText()).isEqualTo("25000000");
    assertThat(q.path("collateralUnits").asText()).isEqualTo("50000000");
    assertThat(q.path("submitGas").asLong()).isEqualTo(200_000);
    assertThat(q.path("gasPriceWei").asText()).matches("[1-9][0-9]*");
    var mine = solverAnswer(q, solver.getAddress());
    assertThat(mine.path("answer").asText()).as(ok.out()).isEqualTo("accept");

    // a model this solver does not train: the claim policy's own reason
    Run no = tribunal(job("quote", "mlp:784-32-10", "--price", "25", "--json"));
    assertThat(no.exit()).as(no.err()).isZero();
    var refused =
        solverAnswer(
            new com.fasterxml.jackson.databind.ObjectMapper().readTree(no.out()),
            solver.getAddress());
    assertThat(refused.path("answer").asText()).isEqualTo("refuse");
    assertThat(refused.path("reason").asText()).startsWith("unknown model spec hash 0x");

    // submit --dry-run is the same quote, in words; bad input is one line, exit 2
    Run dry = tribunal(job("submit", World.MODEL, "--dry-run"));
    assertThat(dry.exit()).as(dry.err()).isZero();
    assertThat(dry.out())
        .contains("1219584 multiply-accumulates per step, 78053376 in total")
        .contains("price 0.078054 tUSD, collateral 0.156108 tUSD")
        .contains("submitJob ~200000 gas")
        .contains(solver.getAddress().toLowerCase() + "  http://")
        .contains("accepts");
    Run bad = tribunal(job("quote", "mlp:100-10"));
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err()).startsWith("tribunal: error: ").contains("expects 100 inputs");
    assertThat(bad.err().lines().count()).isOne();

    assertThat(world.nonce(user.getAddress())).as("nothing signed or sent").isEqualTo(userNonce);
    assertThat(world.nonce(solver.getAddress())).isEqualTo(solverNonce);
  }

  private static com.fasterxml.jackson.databind.JsonNode solverAnswer(
      com.fasterxml.jackson.databind.JsonNode quote, String address) {
    for (var s : quote.path("solvers")) {
      if (s.path("solver").asText().equalsIgnoreCase(address)) {
        return s;
      }
    }
    throw new AssertionError("no answer from " + address + " in " + quote);
  }

  @Test
  void aSignedRequestCancelledBeforeSubmissionIsRefusedByTheRelayAndTheMarket() throws Exception {
    Path requests = dir.resolve("requests");
    Path signed = dir.resolve("signed.json");
    String pw = world.passwordFile.toString();
    Run sign =
        tribunal(
            job(
                "submit",
                World.MODEL,
                "--password-file",
                pw,
                "--price",
                "5",
                "--sign-only",
                "--out",
                signed.toString(),
                "--requests-dir",
                requests.toString()));
    assertThat(sign.exit()).as(sign.err()).isZero();
    Bytes32 id = Bytes32.fromHex(sign.out().strip());
    assertThat(
            java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(requests.resolve(id.hex() + ".json"))))
        .isEqualTo("rw-------");
    SignedSubmission body = SignedSubmission.parse(Files.readAllBytes(signed));
    assertThat(world.status(id)).isEqualTo(JobStatus.NONE);

    Run cancel =
        tribunal(
            "job",
            "cancel",
            id.hex(),
            "--deployment",
            world.deploymentFile.toString(),
            "--keystore",
            world.keystore("user").toString(),
            "--password-file",
            pw,
            "--requests-dir",
            requests.toString());
    assertThat(cancel.exit()).as(cancel.err()).isZero();
    assertThat(cancel.out())
        .contains("cancelled job " + id.hex())
        .contains("nonce " + body.request().nonce())
        .containsPattern("tx 0x[0-9a-f]{64}");
    assertThat(
            world
                .deployer
                .market(world.devnet.deployment(), user)
                .isNonceUsed(user.getAddress(), new BigInteger(body.request().nonce()))
                .send())
        .isTrue();
    Run again =
        tribunal(
            "job",
            "cancel",
            id.hex(),
            "--json",
            "--deployment",
            world.deploymentFile.toString(),
            "--keystore",
            world.keystore("user").toString(),
            "--password-file",
            pw,
            "--requests-dir",
            requests.toString());
    assertThat(again.exit()).as(again.err()).isZero();
    var againJson = new com.fasterxml.jackson.databind.ObjectMapper().readTree(again.out());
    assertThat(againJson.get("nonce").asText()).isEqualTo(body.request().nonce());
    assertThat(againJson.get("tx").isNull()).as("already cancelled: nothing sent").isTrue();

    // the relay refuses it before spending anything; the market refuses it on chain
    long solverNonce = world.nonce(solver.getAddress());
    HttpResponse<String> relayed = RelayHttp.post(port, body.toJson());
    assertThat(relayed.statusCode()).as(relayed.body()).isEqualTo(409);
    assertThat(relayed.body()).contains("nonce " + body.request().nonce());
    assertThat(world.nonce(solver.getAddress())).isEqualTo(solverNonce);
    JobRequest r = body.jobRequest();
    Throwable direct =
        org.assertj.core.api.Assertions.catchThrowable(
            () ->
                SubmitJobCall.of(
                        world.deployer.market(world.devnet.deployment(), user),
                        r,
                        body.ecdsa().toBytes(),
                        body.signedPermit(r.user()).orElseThrow().forJobMarket(),
                        body.hyper().orElseThrow(),
                        body.modelSpec().orElseThrow())
                    .send());
    assertThat(direct)
        .isInstanceOf(io.tribunal.bindings.TransactionRevertedException.class)
        .hasMessageContaining("JobMarket_NonceUsed(");
    assertThat(world.status(id)).isEqualTo(JobStatus.NONE);

    // a job already on chain is not cancelled: one line, exit 2, pointing at refund
    Run submitted =
        tribunal(
            job(
                "submit",
                "mlp:784-32-10",
                "--password-file",
                pw,
                "--price",
                "1",
                "--requests-dir",
                requests.toString()));
    assertThat(submitted.exit()).as(submitted.err()).isZero();
    String onChain = submitted.out().strip();
    Run late =
        tribunal(
            "job",
            "cancel",
            onChain,
            "--deployment",
            world.deploymentFile.toString(),
            "--keystore",
            world.keystore("user").toString(),
            "--password-file",
            pw,
            "--requests-dir",
            requests.toString());
    assertThat(late.exit()).isEqualTo(2);
    assertThat(late.err())
        .startsWith("tribunal: error: ")
        .contains("is already on chain (OPEN)")
        .contains("tribunal job refund " + onChain);
    assertThat(late.err().lines().count()).isOne();
  }

  private static SignedSubmission withSignature(SignedSubmission b, String sig) {
    return new SignedSubmission(
        b.chainId(), b.market(), b.request(), sig, b.permit(), b.hyperParams(), b.model());
  }

  /** The exact request line, without any client-side normalisation of the path. */
  private static String rawGet(String path) throws IOException {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      OutputStream out = s.getOutputStream();
      out.write(
          ("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }
}
