package io.tribunal.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tribunal.core.data.MnistNpm;
import io.tribunal.devnet.FreePorts;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A newcomer's first hour, driven only through the packaged {@code tribunal} command, each command
 * its own process, from a scratch folder outside the repository (no TRIBUNAL_* variable, a scratch
 * home): a devnet with a block time, a fresh wallet funded from it, a solver and a verifier started
 * from configs written as docs/operators.md describes, a quote, a relayed job paid in tokens and
 * followed to its end, the model fetched and used locally, the same model bought over a payment
 * channel, a job nobody claims refunded, and the money withdrawn. Every balance to the unit.
 */
class FirstHourIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path JAR =
      Path.of("..", "cli", "target", "tribunal.jar").toAbsolutePath().normalize();
  private static final String MODEL = "mlp:784-16-10";

  @TempDir Path scratch;

  private final List<Process> daemons = new ArrayList<>();

  private record Cli(int exit, String out, String err) {
    JsonNode json() {
      try {
        return JSON.readTree(out);
      } catch (Exception e) {
        throw new AssertionError("not JSON: " + out + "\nstderr: " + err, e);
      }
    }
  }

  private static long units(String tokens) {
    return new BigDecimal(tokens).movePointRight(6).longValueExact();
  }

  @AfterEach
  void stopEverything() throws Exception {
    for (Process p : daemons) {
      p.destroyForcibly();
    }
    tribunal("devnet", "down", "--dir", "dev");
    // 'devnet down' stops the explorer it started with the devnet
    assertThat(scratch.resolve("dev").resolve("explorer.pid")).doesNotExist();
  }

  /** The explorer's JSON at {@code url}, retried until it has indexed what it is asked for. */
  private static JsonNode explorerJson(String url, Duration within) throws Exception {
    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    long deadline = System.nanoTime() + within.toNanos();
    java.net.http.HttpResponse<String> r;
    do {
      r =
          http.send(
              java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).GET().build(),
              java.net.http.HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() == 200) {
        return new ObjectMapper().readTree(r.body());
      }
      Thread.sleep(500);
    } while (System.nanoTime() < deadline);
    throw new AssertionError("explorer " + url + " answered " + r.statusCode() + ": " + r.body());
  }

  @Test
  void fromNothingToAPaidJobAPaidInferenceAndTheMoneyBack() throws Exception {
    // devnet with a block time; a fresh wallet; funds for it
    int explorerPort = FreePorts.pick();
    Cli up =
        ok(
            tribunal(
                "devnet",
                "up",
                "--dir",
                "dev",
                "--block-time",
                "1",
                "--explorer",
                "--explorer-port",
                Integer.toString(explorerPort),
                "--json"));
    String rpc = up.json().get("rpcUrl").asText();
    String explorer = up.json().get("explorerUrl").asText();
    assertThat(explorer).isEqualTo("http://127.0.0.1:" + explorerPort + "/");
    String solver = up.json().at("/accounts/solver-1").asText();
    String verifier = up.json().at("/accounts/verifier-1").asText();
    Files.writeString(scratch.resolve("pw.txt"), "a passphrase for the first hour\n");
    Cli wallet =
        ok(tribunal("wallet", "new", "--dir", "keys", "--password-file", "pw.txt", "--json"));
    String user = wallet.json().get("address").asText();
    String keystore = wallet.json().get("keystore").asText();
    ok(tribunal("devnet", "fund", user, "--eth", "1", "--tusd", "100", "--dir", "dev"));

    // a solver and a verifier from configs as docs/operators.md writes them
    int relayPort = FreePorts.pick();
    String relay = "http://127.0.0.1:" + relayPort;
    Files.writeString(
        scratch.resolve("solver.yaml"),
        common("solver-1", "solver-data")
            + "stake: 200000000\n"
            + "policy: {collateralBudget: 1000000000, minPrice: 2000000}\n"
            + "http: {port: "
            + relayPort
            + "}\n"
            + "models: [{spec: \""
            + MODEL
            + "\"}]\n"
            + "training: {checkpointInterval: 16, progressEvery: 4, fsync: false}\n");
    Files.writeString(
        scratch.resolve("verifier.yaml"),
        common("verifier-1", "verifier-data") + "stake: 100000000\nsamples: 4\n");
    Process solverDaemon = daemon("solver", "solver", "run", "--config", "solver.yaml");
    Process verifierDaemon = daemon("verifier", "verifier", "run", "--config", "verifier.yaml");
    awaitLog("solver", l -> l.contains(": ready"), Duration.ofSeconds(90));
    awaitLog("verifier", l -> l.contains(": ready"), Duration.ofSeconds(90));

    // know before you pay
    Cli quote =
        ok(
            tribunal(
                "job",
                "quote",
                "--deployment",
                "dev/deployment.json",
                "--keystore",
                keystore,
                "--model",
                MODEL,
                "--dataset",
                "mnist",
                "--steps",
                "32",
                "--price",
                "2.5",
                "--dataset-cache",
                "cache",
                "--json"));
    JsonNode q = quote.json();
    assertThat(q.get("priceUnits").asText()).isEqualTo(Long.toString(units("2.5")));
    assertThat(q.get("solvers"))
        .as("the running solver would take it")
        .anySatisfy(
            s -> {
              assertThat(s.get("solver").asText()).isEqualToIgnoringCase(solver);
              assertThat(s.get("accept").asBoolean()).isTrue();
            });

    // submit --wait through the solver's relay, price in tokens; the job runs to its end
    Path waitOut = scratch.resolve("submit-wait.out");
    Path waitErr = scratch.resolve("submit-wait.err");
    Process waiting =
        start(
            waitOut,
            waitErr,
            "job",
            "submit",
            "--wait",
            "--deployment",
            "dev/deployment.json",
            "--keystore",
            keystore,
            "--password-file",
            "pw.txt",
            "--model",
            MODEL,
            "--dataset",
            "mnist",
            "--steps",
            "32",
            "--price",
            "2.5",
            "--relay",
            relay,
            "--dataset-cache",
            "cache");
    String job = awaitFirstLine(waitOut, waitErr, Duration.ofSeconds(60));
    assertThat(job).matches("0x[0-9a-f]{64}");

    // a second job, direct and below the solver's minimum price: nobody will claim it
    Cli unclaimed =
        ok(
            tribunal(
                "job",
                "submit",
                "--deployment",
                "dev/deployment.json",
                "--keystore",
                keystore,
                "--password-file",
                "pw.txt",
                "--model",
                MODEL,
                "--dataset",
                "mnist",
                "--steps",
                "8",
                "--price",
                "1",
                "--claim-window",
                "600",
                "--dataset-cache",
                "cache"));
    String orphan = unclaimed.out().strip();
    Cli early = tribunal(refund(orphan, keystore));
    assertThat(early.exit()).as("no refund before the claim deadline").isEqualTo(2);

    // committed and attested; then past the challenge window: finalized, --wait returns
    awaitAttested(rpc, job, Duration.ofSeconds(150));
    ok(tribunal("devnet", "warp", "2h", "--dir", "dev"));
    assertThat(waiting.waitFor(120, TimeUnit.SECONDS)).as("submit --wait ended").isTrue();
    assertThat(waiting.exitValue()).as(Files.readString(waitErr)).isZero();
    assertThat(Files.readString(waitErr)).contains("FINALIZED");
    JsonNode finalized = ok(tribunal(status(job))).json();
    // the devnet's explorer, started by 'devnet up --explorer', lists the job
    JsonNode listed = explorerJson(explorer + "api/jobs/" + job, Duration.ofSeconds(30));
    assertThat(listed.toString()).contains(job);
    assertThat(finalized.get("status").asText()).isEqualTo("FINALIZED");
    String modelHash = finalized.get("modelHash").asText();

    // use the result: fetch it with its model card, predict locally
    JsonNode result =
        ok(tribunal(
                "job",
                "result",
                job,
                "--out",
                "model",
                "--deployment",
                "dev/deployment.json",
                "--dataset-cache",
                "cache",
                "--json"))
            .json();
    assertThat(Path.of(result.get("checkpoint").asText())).isRegularFile();
    JsonNode card = JSON.readTree(scratch.resolve("model").resolve("model-card.json").toFile());
    assertThat(result.get("card")).isEqualTo(card);
    assertThat(card.get("job").asText()).isEqualTo(job);
    assertThat(card.get("spec").asText()).isEqualTo(MODEL);
    assertThat(card.get("modelHash").asText()).isEqualTo(modelHash);
    assertThat(card.get("heldOutAccuracyPercent").asText())
        .as(card.toString())
        .matches("\\d+\\.\\d\\d");
    assertThat(scratch.resolve("model").resolve("MODEL_CARD.md")).isRegularFile();
    int[] digit =
        MnistNpm.load(scratch.resolve("cache"), io.tribunal.protocol.layout.NpmLocator.packages())
            .heldOut()
            .features()
            .row(0);
    Files.writeString(scratch.resolve("digits.csv"), csvRow(digit) + "\n" + csvRow(digit) + "\n");
    JsonNode predicted =
        ok(tribunal("predict", "--model", "model", "--input", "digits.csv", "--json")).json();
    assertThat(predicted.get("predictions")).hasSize(2);
    int localClass = predicted.at("/predictions/0/class").asInt();

    // buy the same model's inference: models list, a channel, float input, close
    JsonNode models =
        ok(tribunal("models", "list", "--deployment", "dev/deployment.json", "--json")).json();
    assertThat(models.get("models"))
        .anySatisfy(m -> assertThat(m.get("modelHash").asText()).isEqualTo(modelHash));
    String[] payer = {
      "--rpc-url",
      rpc,
      "--deployment",
      "dev/deployment.json",
      "--keystore",
      keystore,
      "--password-file",
      "pw.txt",
      "--channels-dir",
      "channels"
    };
    JsonNode channel =
        ok(tribunal(
                concat(
                    new String[] {"channel", "open"},
                    payer,
                    "--payee",
                    solver,
                    "--deposit",
                    "1",
                    "--server",
                    relay,
                    "--json")))
            .json();
    String channelId = channel.get("channelId").asText();
    Files.writeString(scratch.resolve("digit.json"), "[" + floats(digit) + "]");
    JsonNode inferred =
        ok(tribunal(
                concat(
                    new String[] {"infer"},
                    payer,
                    "--model",
                    modelHash,
                    "--input",
                    "digit.json",
                    "--server",
                    relay,
                    "--json")))
            .json();
    assertThat(inferred.toString()).contains("probabilities");
    assertThat(inferred.at("/predictions/0/class").asInt())
        .as("the paid server and local predict agree")
        .isEqualTo(localClass);
    ok(tribunal(concat(new String[] {"channel", "close"}, payer, "--channel", channelId)));

    // the unclaimed job back, then everything out of the market
    JsonNode refunded = ok(tribunal(refund(orphan, keystore))).json();
    assertThat(refunded.get("refundedUnits").asLong()).isEqualTo(units("1"));
    ok(
        tribunal(
            "withdraw",
            "--deployment",
            "dev/deployment.json",
            "--keystore",
            keystore,
            "--password-file",
            "pw.txt"));
    long inference = 13; // mlp:784-16-10: 12,746 ops at 1000 base units per million ops
    JsonNode mine = balance("--keystore", keystore);
    assertThat(mine.get("walletUnits").asLong())
        .as("100 - 2.5 (job) - 1 + 1 (refunded job) - one inference")
        .isEqualTo(units("97.5") - inference);
    assertThat(mine.get("marketClaimableUnits").asLong()).isZero();

    // the operators were paid by their daemons: 2.5 less the 10% verifier fee, and the inference
    awaitBalance(rpc, solver, units("10000") - units("200") + units("2.25") + inference);
    awaitBalance(rpc, verifier, units("10000") - units("100") + units("0.25"));

    // SIGTERM: a clean stop, exit 0
    for (Process p : List.of(solverDaemon, verifierDaemon)) {
      p.destroy();
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).isZero();
    }
    assertThat(log("solver")).contains(": stopped");
    assertThat(log("verifier")).contains(": stopped");
  }

  private String common(String account, String dataDir) {
    return "deployment: dev/deployment.json\n"
        + "keystore: dev/keystore/"
        + account
        + ".json\n"
        + "passwordFile: dev/keystore/password.txt\n"
        + "dataDir: "
        + dataDir
        + "\n"
        + "pollInterval: 200ms\n"
        + "datasetCache: cache\n";
  }

  private static String[] status(String job) {
    return new String[] {"job", "status", job, "--deployment", "dev/deployment.json", "--json"};
  }

  private static String[] refund(String job, String keystore) {
    return new String[] {
      "job",
      "refund",
      job,
      "--deployment",
      "dev/deployment.json",
      "--keystore",
      keystore,
      "--password-file",
      "pw.txt",
      "--json"
    };
  }

  private JsonNode balance(String... who) throws Exception {
    return ok(tribunal(
            concat(new String[] {"balance", "--deployment", "dev/deployment.json", "--json"}, who)))
        .json();
  }

  /** Waits (reading the chain directly) until the daemons withdrew, then asks the command. */
  private void awaitBalance(String rpc, String address, long walletUnits) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    try (var chain = io.tribunal.bindings.TribunalChain.connect(rpc)) {
      var token =
          io.tribunal.bindings.generated.TestUSD.load(
              io.tribunal.bindings.Deployment.read(scratch.resolve("dev/deployment.json"))
                  .address("TestUSD"),
              chain.web3j(),
              new org.web3j.tx.ReadonlyTransactionManager(chain.web3j(), address),
              chain.gasProvider());
      while (token.balanceOf(address).send().longValueExact() != walletUnits
          && System.nanoTime() < deadline) {
        Thread.sleep(500);
      }
    }
    JsonNode b = balance("--address", address);
    assertThat(b.get("walletUnits").asLong()).as(address + " wallet").isEqualTo(walletUnits);
  }

  /** Waits (reading the chain directly) for an attestation, then asks {@code job status}. */
  private void awaitAttested(String rpc, String job, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    try (var chain = io.tribunal.bindings.TribunalChain.connect(rpc)) {
      var market =
          io.tribunal.bindings.generated.JobMarket.load(
              io.tribunal.bindings.Deployment.read(scratch.resolve("dev/deployment.json"))
                  .address("JobMarket"),
              chain.web3j(),
              new org.web3j.tx.ReadonlyTransactionManager(
                  chain.web3j(), "0x0000000000000000000000000000000000000000"),
              chain.gasProvider());
      byte[] id = org.web3j.utils.Numeric.hexStringToByteArray(job);
      while (market.attestersOf(id).send().isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(500);
      }
    }
    JsonNode s = ok(tribunal(status(job))).json();
    assertThat(s.get("attesters").size())
        .as("job " + job + ": " + s + "\nsolver log:\n" + log("solver"))
        .isPositive();
  }

  private static String csvRow(int[] digit) {
    return floats(digit);
  }

  /** The digit's pixels as floats in [0, 1] with the precision a CSV export would have. */
  private static String floats(int[] x) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < x.length; i++) {
      if (i > 0) {
        sb.append(',');
      }
      sb.append(BigDecimal.valueOf(x[i]).divide(BigDecimal.valueOf(65536)).toPlainString());
    }
    return sb.toString();
  }

  private static String[] concat(String[] a, String[] b, String... c) {
    List<String> all = new ArrayList<>(List.of(a));
    all.addAll(List.of(b));
    all.addAll(List.of(c));
    return all.toArray(String[]::new);
  }

  private static String[] concat(String[] a, String... b) {
    return concat(a, new String[0], b);
  }

  private static Cli ok(Cli c) {
    assertThat(c.exit()).as("stdout: " + c.out() + "\nstderr: " + c.err()).isZero();
    return c;
  }

  private List<String> command(String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(
        List.of(
            "-Xmx384m",
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1",
            "--enable-native-access=ALL-UNNAMED",
            "-Duser.home=" + scratch.resolve("home"),
            "-jar",
            JAR.toString()));
    cmd.addAll(List.of(args));
    return cmd;
  }

  private Process start(Path out, Path err, String... args) throws Exception {
    ProcessBuilder pb =
        new ProcessBuilder(command(args))
            .directory(scratch.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    pb.environment().keySet().removeIf(k -> k.startsWith("TRIBUNAL_"));
    return pb.start();
  }

  private Cli tribunal(String... args) throws Exception {
    Path out = Files.createTempFile(scratch, "cli", ".out");
    Path err = Files.createTempFile(scratch, "cli", ".err");
    Process p = start(out, err, args);
    if (!p.waitFor(180, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("tribunal " + String.join(" ", args) + " did not finish");
    }
    return new Cli(
        p.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  private Process daemon(String name, String... args) throws Exception {
    Path log = scratch.resolve(name + ".log");
    Process p = start(log, scratch.resolve(name + ".err"), args);
    daemons.add(p);
    return p;
  }

  private String log(String name) {
    try {
      return Files.readString(scratch.resolve(name + ".log"))
          + Files.readString(scratch.resolve(name + ".err"));
    } catch (java.io.IOException e) {
      return "(no log: " + e + ")";
    }
  }

  private void awaitLog(String name, Predicate<String> line, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (log(name).lines().anyMatch(line)) {
        return;
      }
      Thread.sleep(300);
    }
    throw new AssertionError(name + " not ready:\n" + log(name));
  }

  private static String awaitFirstLine(Path out, Path err, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      String text = Files.readString(out);
      if (text.contains("\n")) {
        return text.lines().findFirst().orElseThrow().strip();
      }
      Thread.sleep(300);
    }
    throw new AssertionError("no job id printed; stderr:\n" + Files.readString(err));
  }
}
