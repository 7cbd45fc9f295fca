package io.tribunal.cli.demo;

import io.tribunal.bindings.Deployment;
import io.tribunal.bindings.eip712.Bytes32;
import io.tribunal.devnet.kit.Await;
import io.tribunal.devnet.kit.BlockProducer;
import io.tribunal.devnet.kit.RoleConfig;
import io.tribunal.devnet.kit.Tusd;
import io.tribunal.protocol.job.JobStatus;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The demo's story, scene by scene, against running role daemons: the roles start and stake; an
 * honest MNIST job is relayed, trained, attested, finalized and paid; its model is sold for paid
 * inference over a payment channel ({@link PaidInferenceScene}); then a cheating solver's job is
 * disputed move by move, pinpointed and slashed ({@link CheatScene}). Returns every party's
 * balances before and after.
 */
final class DemoStory {
  static final BigInteger SOLVER_STAKE = Tusd.of(200);
  static final BigInteger VERIFIER_STAKE = Tusd.of(100);

  /** The honest job: solver-1 takes jobs paying at least this; solver-2 never has enough budget. */
  static final BigInteger HONEST_PRICE = Tusd.of(25);

  static final BigInteger HONEST_COLLATERAL = Tusd.of(50);

  /** The cheat's job: below solver-1's minPrice, within solver-2's 40 tUSD collateral budget. */
  static final BigInteger CHEAT_PRICE = Tusd.of(20);

  static final BigInteger CHEAT_COLLATERAL = Tusd.of(40);
  static final long CHEAT_STEP = 37;

  static final String USER = "user-1";
  static final String HONEST = "solver-1";
  static final String CHEAT = "solver-2";
  static final String VERIFIER = "verifier-1";
  static final String CHALLENGER = "challenger-1";

  /** The ports the roles listen on: two solver relays and four metrics endpoints. */
  private record Ports(int honestRelay, int cheatRelay, int[] metrics) {}

  private final RoleRunner roles;
  private final DemoStage stage;
  private final ChainWatch chain;
  private final String treasury;

  DemoStory(
      RoleRunner roles,
      RoleConfigs configs,
      ChainWatch chain,
      Deployment deployment,
      Map<String, String> accounts,
      String treasury,
      Consumer<String> say) {
    this.roles = roles;
    this.stage = new DemoStage(configs, chain, deployment, accounts, say);
    this.chain = chain;
    this.treasury = treasury;
  }

  BalanceSheet run() {
    BalanceSheet sheet = parties();
    sheet.before(chain);
    BigInteger solverWalletBefore = chain.wallet(stage.addr(HONEST));
    BigInteger verifierWalletBefore = chain.wallet(stage.addr(VERIFIER));
    BigInteger challengerWalletBefore = chain.wallet(stage.addr(CHALLENGER));
    Ports ports = startRoles();
    // a block every 500 ms: anvil mines only on transactions, a real chain does not wait
    try (BlockProducer blocks =
        BlockProducer.start(chain.chain(), Duration.ofMillis(500), "demo-blocks")) {
      awaitRoles(ports);
      Bytes32 job1 = honestJob(ports.honestRelay());
      attestAndPay(job1, solverWalletBefore, verifierWalletBefore);
      PaidInferenceScene.play(stage, job1, ports.honestRelay());
      new CheatScene(stage).run(ports.cheatRelay(), challengerWalletBefore);
      sheet.after(chain);
      return sheet;
    }
  }

  private BalanceSheet parties() {
    return new BalanceSheet(
        List.of(
            party("user", USER + " (submits both jobs)", USER),
            party("honest-solver", HONEST + " (trains job 1)", HONEST),
            party("cheating-solver", CHEAT + " (cheats on job 2)", CHEAT),
            party("verifier", VERIFIER + " (attests job 1)", VERIFIER),
            party("challenger", CHALLENGER + " (disputes job 2)", CHALLENGER),
            new BalanceSheet.Party("treasury", "deployer (slash share)", treasury)));
  }

  private BalanceSheet.Party party(String name, String role, String account) {
    return new BalanceSheet.Party(name, role, stage.addr(account));
  }

  /** The four role daemons, each with its own config, data dir and ports. */
  private Ports startRoles() {
    int honestRelay = RoleConfigs.freePort();
    int cheatRelay = RoleConfigs.freePort();
    int[] metrics = {
      RoleConfigs.freePort(), RoleConfigs.freePort(), RoleConfigs.freePort(), RoleConfigs.freePort()
    };
    stage.say(
        "starting the roles, each with its own config, data dir and ports ("
            + (roles instanceof RoleRunner.Processes ? "one JVM each" : "one thread each")
            + "):");
    stage.say(
        "    "
            + HONEST
            + "   honest solver, relay http://127.0.0.1:"
            + honestRelay
            + ", takes jobs paying >= 25 tUSD");
    stage.say(
        "    "
            + CHEAT
            + "   cheating solver (flips one matmul element at step "
            + CHEAT_STEP
            + "), relay :"
            + cheatRelay
            + ", collateral budget 40 tUSD");
    stage.say("    " + VERIFIER + " samples and replays every commitment, attests matches");
    stage.say("    " + CHALLENGER + " replays every commitment, disputes mismatches");
    RoleConfigs configs = stage.configs();
    Path honest =
        configs.solver(
            HONEST, honestRelay, metrics[0], SOLVER_STAKE, HONEST_PRICE, Tusd.of(1000), Map.of());
    roles.start(HONEST, RoleRunner.Kind.SOLVER, honest);
    Map<String, Object> flip =
        RoleConfig.section("kind", "flip-matmul-element", "step", CHEAT_STEP);
    Path cheat =
        configs.solver(
            CHEAT, cheatRelay, metrics[1], SOLVER_STAKE, BigInteger.ZERO, CHEAT_COLLATERAL, flip);
    roles.start(CHEAT, RoleRunner.Kind.SOLVER, cheat);
    roles.start(
        VERIFIER, RoleRunner.Kind.VERIFIER, configs.verifier(VERIFIER, metrics[2], VERIFIER_STAKE));
    roles.start(CHALLENGER, RoleRunner.Kind.CHALLENGER, configs.challenger(CHALLENGER, metrics[3]));
    return new Ports(honestRelay, cheatRelay, metrics);
  }

  /** Staking: every role answers its health check once it has staked and is ready. */
  private void awaitRoles(Ports ports) {
    for (int port : ports.metrics()) {
      chain.await("the roles to be ready", Duration.ofSeconds(120), () -> RoleHealth.healthy(port));
    }
    stage.say(
        "all four roles are up: solvers staked "
            + Tusd.format(SOLVER_STAKE)
            + " tUSD each, the verifier "
            + Tusd.format(VERIFIER_STAKE)
            + "; daemon logs: "
            + roles.log(HONEST).getParent());
  }

  /** 1-2: the honest job, relayed, claimed, trained (progress shown) and committed. */
  private Bytes32 honestJob(int honestRelay) {
    Bytes32 job1 =
        JobSubmission.submit(
            stage.configs(), USER, 1, honestRelay, HONEST_PRICE, HONEST_COLLATERAL);
    stage.say(
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
    chain.await(
        HONEST + " to claim job 1", Duration.ofSeconds(60), () -> stage.claimedOrLater(job1));
    stage.say("2/9 " + HONEST + " claimed job 1 (locks 50 tUSD collateral) and trains it:");
    chain.await(
        HONEST + " to train and commit job 1",
        Duration.ofSeconds(120),
        () -> {
          tail.next(progress).forEach(l -> stage.say("    " + l));
          return chain.status(job1) == JobStatus.COMMITTED;
        });
    Await.sleep(300);
    tail.next(progress).forEach(l -> stage.say("    " + l));
    stage.say(
        "    committed the trace root (checkpoints every "
            + RoleConfigs.CHECKPOINT_INTERVAL
            + " steps, served over HTTP)");
    return job1;
  }

  /**
   * 3-4: the verifier attests, the challenge window passes, the job finalizes and both are paid.
   */
  private void attestAndPay(
      Bytes32 job1, BigInteger solverWalletBefore, BigInteger verifierWalletBefore) {
    String verifier = stage.addr(VERIFIER);
    chain.await(
        VERIFIER + "'s attestation",
        Duration.ofSeconds(120),
        () -> chain.job(job1).attesters.stream().anyMatch(a -> a.equalsIgnoreCase(verifier)));
    stage.say(
        "3/9 "
            + VERIFIER
            + " sampled transitions with on-chain randomness, replayed them from the"
            + " checkpoints: all match; attested");
    chain.passChallengeWindow(job1);
    BigInteger fee = HONEST_PRICE.divide(BigInteger.TEN);
    BigInteger solverPaid =
        solverWalletBefore.subtract(SOLVER_STAKE).add(HONEST_PRICE).subtract(fee);
    BigInteger verifierPaid = verifierWalletBefore.subtract(VERIFIER_STAKE).add(fee);
    chain.await(
        "job 1 to finalize and both payouts",
        Duration.ofSeconds(120),
        () ->
            chain.status(job1) == JobStatus.FINALIZED
                && chain.wallet(stage.addr(HONEST)).equals(solverPaid)
                && chain.wallet(verifier).equals(verifierPaid));
    stage.say(
        "4/9 challenge window passed (anvil clock moved forward): job 1 finalized; "
            + HONEST
            + " withdrew "
            + Tusd.format(HONEST_PRICE.subtract(fee))
            + " tUSD and its collateral is free, "
            + VERIFIER
            + " withdrew its "
            + Tusd.format(fee)
            + " tUSD fee");
  }
}
