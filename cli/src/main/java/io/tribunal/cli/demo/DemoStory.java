package io.tribunal.cli.demo;

import io.tribunal.bindings.Deployment;
import io.tribunal.bindings.eip712.Bytes32;
import io.tribunal.client.job.JobCommand;
import io.tribunal.devnet.DevnetDeployer;
import io.tribunal.protocol.dispute.CheatPayout;
import io.tribunal.protocol.dispute.DisputeReport;
import io.tribunal.protocol.dispute.Pinpoint;
import io.tribunal.protocol.dispute.Side;
import io.tribunal.protocol.job.JobStatus;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * The demo's story, step by step, against running role daemons: an honest MNIST job relayed,
 * trained, attested, finalized and paid; its model sold for paid inference over a payment channel;
 * then a cheating solver's job disputed move by move, pinpointed and slashed. Returns every party's
 * balances before and after.
 */
final class DemoStory {
  static final BigInteger SOLVER_STAKE = usd(200);
  static final BigInteger VERIFIER_STAKE = usd(100);

  /** The honest job: solver-1 takes jobs paying at least this; solver-2 never has enough budget. */
  static final BigInteger HONEST_PRICE = usd(25);

  static final BigInteger HONEST_COLLATERAL = usd(50);

  /** The cheat's job: below solver-1's minPrice, within solver-2's 40 tUSD collateral budget. */
  static final BigInteger CHEAT_PRICE = usd(20);

  static final BigInteger CHEAT_COLLATERAL = usd(40);
  static final long CHEAT_STEP = 37;

  /** Paid inferences the user buys on job 1's model, and the channel deposit that covers them. */
  static final int INFERENCES = 100;

  static final BigInteger CHANNEL_DEPOSIT = usd(1);

  static final String USER = "user-1";
  static final String HONEST = "solver-1";
  static final String CHEAT = "solver-2";
  static final String VERIFIER = "verifier-1";
  static final String CHALLENGER = "challenger-1";

  private final RoleRunner roles;
  private final RoleConfigs configs;
  private final ChainWatch chain;
  private final Deployment deployment;
  private final Map<String, String> accounts;
  private final String treasury;
  private final Consumer<String> say;
  private volatile boolean mining;

  DemoStory(
      RoleRunner roles,
      RoleConfigs configs,
      ChainWatch chain,
      Deployment deployment,
      Map<String, String> accounts,
      String treasury,
      Consumer<String> say) {
    this.roles = roles;
    this.configs = configs;
    this.chain = chain;
    this.deployment = deployment;
    this.accounts = accounts;
    this.treasury = treasury;
    this.say = say;
  }

  static BigInteger usd(long whole) {
    return BigInteger.valueOf(whole).multiply(DevnetDeployer.USD);
  }

  BalanceSheet run() {
    BalanceSheet sheet =
        new BalanceSheet(
            List.of(
                new BalanceSheet.Party("user", USER + " (submits both jobs)", addr(USER)),
                new BalanceSheet.Party("honest-solver", HONEST + " (trains job 1)", addr(HONEST)),
                new BalanceSheet.Party(
                    "cheating-solver", CHEAT + " (cheats on job 2)", addr(CHEAT)),
                new BalanceSheet.Party("verifier", VERIFIER + " (attests job 1)", addr(VERIFIER)),
                new BalanceSheet.Party(
                    "challenger", CHALLENGER + " (disputes job 2)", addr(CHALLENGER)),
                new BalanceSheet.Party("treasury", "deployer (slash share)", treasury)));
    sheet.before(chain);
    BigInteger solverWalletBefore = chain.wallet(addr(HONEST));
    BigInteger verifierWalletBefore = chain.wallet(addr(VERIFIER));
    BigInteger challengerWalletBefore = chain.wallet(addr(CHALLENGER));

    int honestRelay = RoleConfigs.freePort();
    int cheatRelay = RoleConfigs.freePort();
    int[] metrics = {
      RoleConfigs.freePort(), RoleConfigs.freePort(), RoleConfigs.freePort(), RoleConfigs.freePort()
    };
    say.accept(
        "starting the roles, each with its own config, data dir and ports ("
            + (roles instanceof RoleRunner.Processes ? "one JVM each" : "one thread each")
            + "):");
    say.accept(
        "    "
            + HONEST
            + "   honest solver, relay http://127.0.0.1:"
            + honestRelay
            + ", takes jobs paying >= 25 tUSD");
    say.accept(
        "    "
            + CHEAT
            + "   cheating solver (flips one matmul element at step "
            + CHEAT_STEP
            + "), relay :"
            + cheatRelay
            + ", collateral budget 40 tUSD");
    say.accept("    " + VERIFIER + " samples and replays every commitment, attests matches");
    say.accept("    " + CHALLENGER + " replays every commitment, disputes mismatches");
    roles.start(
        HONEST,
        RoleRunner.Kind.SOLVER,
        configs.solver(HONEST, honestRelay, metrics[0], SOLVER_STAKE, HONEST_PRICE, usd(1000), ""));
    roles.start(
        CHEAT,
        RoleRunner.Kind.SOLVER,
        configs.solver(
            CHEAT,
            cheatRelay,
            metrics[1],
            SOLVER_STAKE,
            BigInteger.ZERO,
            CHEAT_COLLATERAL,
            "{kind: flip-matmul-element, step: " + CHEAT_STEP + "}"));
    roles.start(
        VERIFIER, RoleRunner.Kind.VERIFIER, configs.verifier(VERIFIER, metrics[2], VERIFIER_STAKE));
    roles.start(CHALLENGER, RoleRunner.Kind.CHALLENGER, configs.challenger(CHALLENGER, metrics[3]));
    startMining();
    try {
      for (int port : metrics) {
        chain.await("the roles to be ready", Duration.ofSeconds(120), () -> healthy(port));
      }
      say.accept(
          "all four roles are up: solvers staked "
              + BalanceSheet.usd(SOLVER_STAKE)
              + " tUSD each, the verifier "
              + BalanceSheet.usd(VERIFIER_STAKE)
              + "; daemon logs: "
              + roles.log(HONEST).getParent());

      // 1-4: the honest job
      Bytes32 job1 = submit(1, honestRelay, HONEST_PRICE, HONEST_COLLATERAL);
      say.accept(
          "1/9 "
              + USER
              + " signed an MNIST job (mlp:784-16-10, 64 steps, price 25 tUSD, collateral 50) and a"
              + " permit, gas-free; "
              + HONEST
              + "'s relay (POST /v1/jobs) submitted it: job "
              + job1.hex());
      LogTail tail = new LogTail(roles.log(HONEST));
      Pattern progress =
          Pattern.compile("job " + job1.hex() + ": ((?:step \\d+/\\d+|training from step).*)");
      chain.await(HONEST + " to claim job 1", Duration.ofSeconds(60), () -> claimedOrLater(job1));
      say.accept("2/9 " + HONEST + " claimed job 1 (locks 50 tUSD collateral) and trains it:");
      chain.await(
          HONEST + " to train and commit job 1",
          Duration.ofSeconds(120),
          () -> {
            tail.next(progress).forEach(l -> say.accept("    " + l));
            return chain.status(job1) == JobStatus.COMMITTED;
          });
      ChainWatch.sleep(300);
      tail.next(progress).forEach(l -> say.accept("    " + l));
      say.accept(
          "    committed the trace root (checkpoints every "
              + RoleConfigs.CHECKPOINT_INTERVAL
              + " steps, served over HTTP)");
      chain.await(
          VERIFIER + "'s attestation",
          Duration.ofSeconds(120),
          () ->
              chain.job(job1).attesters.stream().anyMatch(a -> a.equalsIgnoreCase(addr(VERIFIER))));
      say.accept(
          "3/9 "
              + VERIFIER
              + " sampled transitions with on-chain randomness, replayed them from the"
              + " checkpoints: all match; attested");
      chain.passChallengeWindow(job1);
      BigInteger fee = HONEST_PRICE.divide(BigInteger.TEN);
      chain.await(
          "job 1 to finalize and both payouts",
          Duration.ofSeconds(120),
          () ->
              chain.status(job1) == JobStatus.FINALIZED
                  && chain
                      .wallet(addr(HONEST))
                      .equals(
                          solverWalletBefore.subtract(SOLVER_STAKE).add(HONEST_PRICE).subtract(fee))
                  && chain
                      .wallet(addr(VERIFIER))
                      .equals(verifierWalletBefore.subtract(VERIFIER_STAKE).add(fee)));
      say.accept(
          "4/9 challenge window passed (anvil clock moved forward): job 1 finalized; "
              + HONEST
              + " withdrew "
              + BalanceSheet.usd(HONEST_PRICE.subtract(fee))
              + " tUSD and its collateral is free, "
              + VERIFIER
              + " withdrew its "
              + BalanceSheet.usd(fee)
              + " tUSD fee");

      // 5: the inference market on job 1's model
      Bytes32 model = new Bytes32(chain.job(job1).finalModelHash);
      PaidInferenceScene.Outcome inf =
          PaidInferenceScene.run(
              configs,
              USER,
              addr(HONEST),
              java.net.URI.create("http://127.0.0.1:" + honestRelay),
              model,
              CHANNEL_DEPOSIT,
              INFERENCES);
      say.accept(
          "5/9 "
              + USER
              + " buys inference on job 1's model "
              + model.hex().substring(0, 10)
              + "… from "
              + HONEST
              + ": opened a payment channel ("
              + BalanceSheet.usd(CHANNEL_DEPOSIT)
              + " tUSD deposit, 1 transaction), paid "
              + INFERENCES
              + " held-out digits with one signed voucher each ("
              + inf.price()
              + " base units = ops x price per Mop; none on chain): "
              + inf.correct()
              + "/"
              + inf.requests()
              + " predicted right");
      say.accept(
          "    "
              + HONEST
              + " closed the channel on request with the last voucher: "
              + BalanceSheet.usd(inf.paid())
              + " tUSD to "
              + HONEST
              + ", the rest back to "
              + USER
              + " (tx "
              + inf.closeTx()
              + "); 2 transactions for "
              + INFERENCES
              + " requests");

      // 6-8: the cheat
      Bytes32 job2 = submit(2, cheatRelay, CHEAT_PRICE, CHEAT_COLLATERAL);
      say.accept(
          "6/9 "
              + USER
              + " submits job 2 (price 20 tUSD, collateral 40) through "
              + CHEAT
              + "'s relay: job "
              + job2.hex());
      chain.await(CHEAT + " to claim job 2", Duration.ofSeconds(60), () -> claimedOrLater(job2));
      String claimer = chain.job(job2).solver;
      say.accept(
          "    "
              + (claimer.equalsIgnoreCase(addr(CHEAT)) ? CHEAT : claimer)
              + " claimed it ("
              + HONEST
              + " skips it: price below its minimum); it trains and flips one matmul element at"
              + " step "
              + CHEAT_STEP);
      chain.await(
          CHEAT + " to commit job 2",
          Duration.ofSeconds(120),
          () -> chain.status(job2) != JobStatus.CLAIMED);
      say.accept("    " + CHEAT + " committed a bad trace root for job 2");
      DisputeFeed feed = new DisputeFeed(chain, deployment, say);
      long gameId = feed.awaitGame(job2, Duration.ofSeconds(120));
      say.accept(
          "7/9 "
              + CHALLENGER
              + " replayed job 2, found the mismatch and opened dispute game "
              + gameId
              + " ("
              + BalanceSheet.usd(feed.bond(job2))
              + " tUSD bond, sized to the defender's worst-case gas); each move as it lands, from"
              + " the DisputeGame events:");
      DisputeReport report = feed.follow(gameId, Duration.ofSeconds(240));
      Pinpoint p = report.pinpoint();
      say.accept(
          "    resolved "
              + report.view().outcome()
              + " ("
              + (report.view().outcome().challengerWon() ? "challenger" : "solver")
              + " won) after "
              + report.events().size()
              + " events");
      say.accept(
          "    pinpointed: step "
              + p.step().orElse(-1)
              + " (transition "
              + p.step().orElse(-1)
              + " -> "
              + (p.step().orElse(-1) + 1)
              + "), op "
              + (p.tensor().isPresent() ? p.tensor().getAsInt() : "?")
              + ", element (row "
              + (p.row().isPresent() ? p.row().getAsInt() : "?")
              + ", col "
              + (p.col().isPresent() ? p.col().getAsInt() : "?")
              + ")"
              + (p.atInit() ? " [initial parameters]" : ""));
      chain.await(
          "job 2 to be marked cheated",
          Duration.ofSeconds(120),
          () -> chain.status(job2) == JobStatus.CHEATED);
      // the only game open at the proof: the whole reward share plus a refund per challenger move
      CheatPayout payout = chain.cheatPayout(job2);
      long challengerMoves = report.moves(Side.CHALLENGER);
      BigInteger toChallenger = payout.forGame(challengerMoves);
      chain.await(
          "the challenger's withdrawal",
          Duration.ofSeconds(120),
          () -> chain.wallet(addr(CHALLENGER)).equals(challengerWalletBefore.add(toChallenger)));
      BigInteger userShare =
          CHEAT_COLLATERAL.multiply(BigInteger.valueOf(3)).divide(BigInteger.TEN);
      say.accept(
          "8/9 "
              + CHEAT
              + " slashed "
              + BalanceSheet.usd(CHEAT_COLLATERAL)
              + " tUSD of stake: "
              + BalanceSheet.usd(payout.share())
              + " reward + "
              + challengerMoves
              + " moves x "
              + BalanceSheet.usd(payout.refundPerMove())
              + " refunded to "
              + CHALLENGER
              + " (bond back), price + "
              + BalanceSheet.usd(userShare)
              + " to "
              + USER
              + " (claimable), "
              + BalanceSheet.usd(CHEAT_COLLATERAL.subtract(toChallenger).subtract(userShare))
              + " to the treasury");
      sheet.after(chain);
      return sheet;
    } finally {
      mining = false;
    }
  }

  private boolean claimedOrLater(Bytes32 id) {
    JobStatus s = chain.status(id);
    return s != JobStatus.NONE && s != JobStatus.OPEN;
  }

  /** The user signs job + permit with its keystore key and posts them to a relay (job submit). */
  private Bytes32 submit(long seed, int relayPort, BigInteger price, BigInteger collateral) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cmd = new CommandLine(new JobCommand());
    cmd.setOut(new PrintWriter(out));
    cmd.setErr(new PrintWriter(err));
    int exit =
        cmd.execute(
            "submit",
            "--deployment",
            configs.deployment().toString(),
            "--rpc-url",
            configs.rpcUrl(),
            "--keystore",
            configs.keystore(USER).toString(),
            "--password-file",
            configs.passwordFile().toString(),
            "--model",
            RoleConfigs.MODEL,
            "--dataset",
            "mnist",
            "--steps",
            Long.toString(RoleConfigs.STEPS),
            "--seed",
            Long.toString(seed),
            "--price",
            price + "units",
            "--collateral",
            collateral + "units",
            "--relay",
            "http://127.0.0.1:" + relayPort,
            "--dataset-cache",
            configs.datasetCache().toString());
    if (exit != 0) {
      throw new IllegalStateException(
          "job submit failed (exit " + exit + "): " + err.toString().strip());
    }
    return Bytes32.fromHex(out.toString().strip());
  }

  private boolean healthy(int metricsPort) {
    try {
      var r =
          java.net.http.HttpClient.newHttpClient()
              .send(
                  java.net.http.HttpRequest.newBuilder(
                          java.net.URI.create("http://127.0.0.1:" + metricsPort + "/health"))
                      .timeout(Duration.ofSeconds(5))
                      .build(),
                  java.net.http.HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200;
    } catch (java.io.IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** A block every 500 ms: anvil mines only on transactions, a real chain does not wait. */
  private void startMining() {
    mining = true;
    Thread.ofPlatform()
        .daemon()
        .name("demo-blocks")
        .start(
            () -> {
              while (mining) {
                try {
                  chain.mine();
                } catch (RuntimeException e) {
                  // anvil busy or already stopped: try again or end
                }
                try {
                  Thread.sleep(500);
                } catch (InterruptedException e) {
                  return;
                }
              }
            });
  }

  private String addr(String account) {
    String a = accounts.get(account);
    if (a == null) {
      throw new IllegalStateException("devnet has no account " + account);
    }
    return a;
  }
}
