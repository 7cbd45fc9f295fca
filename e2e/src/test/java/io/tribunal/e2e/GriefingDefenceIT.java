package io.tribunal.e2e;

import static io.tribunal.e2e.World.PRICE;
import static io.tribunal.e2e.World.usd;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tribunal.bindings.Deployment;
import io.tribunal.bindings.TransactionRevertedException;
import io.tribunal.bindings.TribunalChain;
import io.tribunal.bindings.eip712.Bytes32;
import io.tribunal.bindings.generated.DisputeGame;
import io.tribunal.core.commit.Hash32;
import io.tribunal.devnet.DevnetDeployer;
import io.tribunal.devnet.kit.AnvilRpc;
import io.tribunal.devnet.testing.AnvilExtension;
import io.tribunal.devnet.testing.Devnet;
import io.tribunal.protocol.dispute.ClaimKind;
import io.tribunal.protocol.dispute.DisputeChain;
import io.tribunal.protocol.dispute.DisputeReport;
import io.tribunal.protocol.dispute.DisputeView;
import io.tribunal.protocol.dispute.Move;
import io.tribunal.protocol.dispute.Outcome;
import io.tribunal.protocol.dispute.Phase;
import io.tribunal.protocol.dispute.Side;
import io.tribunal.protocol.job.JobStatus;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.response.Transaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.utils.Numeric;

/**
 * Griefing an honest solver: five sybil accounts open 25 frivolous TRANSITION games against the
 * solver daemon's committed job, all in one block. One sybil stays silent, three play one, two or
 * four random moves the contract accepts and then go silent, one plays random moves to the leaf.
 * The daemon answers every game concurrently, most urgent clock first; it wins all 25 (the
 * challengers time out, or the leaf check matches its element), each bond is credited to it and
 * withdrawn with its pay once the job finalizes, every balance to the unit, and none of its
 * transactions is sent twice or reverted. {@code tribunal dispute list} and {@code dispute show}
 * report every game, mid-game and at the end, as text and JSON.
 */
@ExtendWith(AnvilExtension.class)
class GriefingDefenceIT {
  private static final int SYBILS = 5;
  private static final int GAMES_EACH = 5;
  private static final int GAMES = SYBILS * GAMES_EACH;

  /** Moves each sybil plays per game before going silent (the last plays until the game ends). */
  private static final int[] MOVES = {0, 1, 2, 4, Integer.MAX_VALUE};

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final long SYBIL_USD = 60;

  @TempDir Path dir;

  @Test
  void anHonestSolverDaemonWinsTwentyFiveFrivolousGamesOpenedAtOnce(Devnet devnet)
      throws Exception {
    try (World world = new World(devnet, dir)) {
      Deployment d = devnet.deployment();
      String gameAddress = d.address("DisputeGame");
      long clock = world.deployer.settings().disputeClock();
      Credentials user = world.account("user", 0, 100);
      Credentials solver = world.account("solver", 10, 1000);
      List<Credentials> sybils = new ArrayList<>();
      for (int i = 0; i < SYBILS; i++) {
        sybils.add(world.account("sybil" + i, 10, SYBIL_USD));
      }
      int port = RpcProxy.freePort();
      DaemonProcess solverProcess =
          world.startSolver("solver", world.solverConfig("solver", port, ""), Map.of());
      world.startMining(Duration.ofMillis(500));

      World.Submission s = world.sign(user, 71);
      Bytes32 id = world.relay(port, s);
      Hash32 job = new Hash32(id.bytes());
      world.awaitStatus(id, JobStatus.COMMITTED, Duration.ofSeconds(90));

      // the griefer: register the job, approve five bonds per sybil, then open all 25 games in
      // one block (automine off while the 25 signed opens wait in the pool)
      world.registerWithGame(sybils.get(0), s);
      // the bond is sized to the honest solver's worst-case gas for this job, above the floor
      BigInteger bond = world.reads.jobBond(job);
      var config =
          DisputeChain.readOnly(devnet.chain(), d).contract().jobConfig(job.bytes()).send();
      assertThat(bond).isGreaterThan(world.deployer.settings().disputeBond());
      assertThat(bond)
          .isEqualTo(
              config
                  .defenderGas
                  .multiply(DevnetDeployer.DISPUTE_MOVE_REFUND)
                  .divide(BigInteger.valueOf(300_000)));
      for (Credentials c : sybils) {
        world
            .deployer
            .token(d, c)
            .approve(gameAddress, bond.multiply(BigInteger.valueOf(GAMES_EACH)))
            .send();
      }
      // the test's block producer would split the batch: hold it while the 25 opens wait
      world.stopMining();
      Map<Long, Integer> owner = openAllInOneBlock(devnet, sybils, job);
      world.startMining(Duration.ofMillis(500));
      long openedAt = System.nanoTime();
      assertThat(owner).hasSize(GAMES);
      DisputeChain games = DisputeChain.readOnly(devnet.chain(), d);
      assertThat(games.gamesOf(job)).containsExactlyInAnyOrderElementsOf(owner.keySet());

      // the daemon's first answer (revealTrace) in all 25 games
      World.await(
          "the solver's answer in every game",
          Duration.ofSeconds(60),
          () -> owner.keySet().stream().allMatch(g -> games.view(g).phase() != Phase.AWAIT_TRACE));
      long firstAnswersMs = (System.nanoTime() - openedAt) / 1_000_000;

      // the sybils play a few random moves (each its own thread), then go silent; their own
      // connection, whose transaction managers read the nonces the raw opens used
      long grief = System.nanoTime();
      Map<Long, Integer> griefMoves = new HashMap<>();
      try (TribunalChain griefer = TribunalChain.connect(devnet.anvil().rpcUrl());
          ExecutorService threads = Executors.newFixedThreadPool(SYBILS)) {
        List<Future<Map<Long, Integer>>> played = new ArrayList<>();
        for (int i = 0; i < SYBILS; i++) {
          int sybil = i;
          DisputeChain mine = DisputeChain.of(griefer, d, sybils.get(sybil));
          List<Long> ids =
              owner.entrySet().stream()
                  .filter(e -> e.getValue() == sybil)
                  .map(Map.Entry::getKey)
                  .sorted()
                  .toList();
          played.add(threads.submit(() -> grief(mine, ids, MOVES[sybil], sybil)));
        }
        for (Future<Map<Long, Integer>> f : played) {
          griefMoves.putAll(f.get());
        }
      }
      // and the daemon has answered everything: every game waits for its challenger, or is over
      World.await(
          "the solver's answers to the last moves",
          Duration.ofSeconds(60),
          () ->
              owner.keySet().stream()
                  .map(games::view)
                  .allMatch(v -> v.resolved() || v.turn() == Side.CHALLENGER));
      long griefMs = (System.nanoTime() - grief) / 1_000_000;

      // mid-game, as an operator sees it
      CliProcess running = cli(world, "dispute", "list", "--open", "--json");
      assertThat(running.exit()).as(running.err()).isZero();
      JsonNode list = JSON.readTree(running.out());
      long stillRunning = owner.keySet().stream().filter(g -> !games.summary(g).resolved()).count();
      assertThat(list.get("gameCount").asLong()).isEqualTo(GAMES);
      assertThat(list.get("games")).hasSize((int) stillRunning);
      for (JsonNode g : list.get("games")) {
        assertThat(owner).containsKey(g.get("gameId").asLong());
        assertThat(g.get("jobId").asText()).isEqualTo(job.hex());
        assertThat(g.get("challenger").asText())
            .isEqualToIgnoringCase(sybils.get(owner.get(g.get("gameId").asLong())).getAddress());
        assertThat(g.get("kind").asText()).isEqualTo("TRANSITION");
        assertThat(g.get("turn").asText()).isEqualTo("CHALLENGER");
        assertThat(g.get("outcome").asText()).isEqualTo("NONE");
        assertThat(g.get("deadlinePassed").asBoolean()).isFalse();
        assertThat(g.get("deadline").asLong()).isGreaterThan(list.get("chainTime").asLong());
      }
      CliProcess table = cli(world, "dispute", "list", "--open");
      assertThat(table.exit()).as(table.err()).isZero();
      assertThat(table.out())
          .contains(GAMES + " game(s) on the chain, " + stillRunning + " running")
          .contains("GAME  JOB")
          .contains(job.hex());
      assertThat(table.out().lines().filter(l -> l.contains(job.hex())).count())
          .isEqualTo(stillRunning);

      // the sybils' clocks run out; the daemon claims every game
      AnvilRpc.advanceTime(devnet.chain(), clock + 1);
      long timeouts = System.nanoTime();
      World.await(
          "every game resolved",
          Duration.ofSeconds(60),
          () -> owner.keySet().stream().allMatch(g -> games.summary(g).resolved()));
      long timeoutsMs = (System.nanoTime() - timeouts) / 1_000_000;

      // every game won by the solver; the silent sybil's games with one move of the solver's
      Map<Outcome, Integer> outcomes = new HashMap<>();
      long solverMoves = 0;
      for (long g : owner.keySet()) {
        DisputeReport r = DisputeReport.of(games, g);
        assertThat(r.view().outcome())
            .as("game %d", g)
            .isIn(Outcome.CHALLENGER_TIMED_OUT, Outcome.LEAF_MATCH);
        outcomes.merge(r.view().outcome(), 1, Integer::sum);
        solverMoves += r.moves(Side.SOLVER);
        if (owner.get(g) == 0) {
          assertThat(r.view().outcome()).isEqualTo(Outcome.CHALLENGER_TIMED_OUT);
          assertThat(r.moves(Side.SOLVER)).as("game %d: revealTrace only", g).isEqualTo(1);
        }
        assertThat(r.moves(Side.CHALLENGER) - 1)
            .as("game %d: the sybil's moves after its open", g)
            .isEqualTo(griefMoves.getOrDefault(g, 0).longValue());
      }
      // griefing is paid by the griefer: in every game, the gas the honest solver spent to win it
      // costs less at the reference price (1 gwei, 3,333 tUSD/ETH) than the bond it won
      BigInteger worstDefence = BigInteger.ZERO;
      for (long g : owner.keySet()) {
        BigInteger gas = BigInteger.ZERO;
        for (var e : DisputeReport.of(games, g).events()) {
          if (e.side() == Side.SOLVER) {
            gas =
                gas.add(
                    devnet
                        .chain()
                        .web3j()
                        .ethGetTransactionReceipt(e.txHash())
                        .send()
                        .getTransactionReceipt()
                        .orElseThrow()
                        .getGasUsed());
          }
        }
        worstDefence = worstDefence.max(gas);
        assertThat(gas)
            .as("game %d: the solver's gas within the bound the bond was sized from", g)
            .isLessThanOrEqualTo(config.defenderGas);
        assertThat(DevnetDeployer.referenceCost(gas))
            .as("game %d: the solver's %s gas at the reference price vs the bond", g, gas)
            .isLessThan(bond);
      }
      System.out.println(
          "griefing: the costliest defence took "
              + worstDefence
              + " gas = "
              + DevnetDeployer.referenceCost(worstDefence)
              + " tUSD units at the reference price, against a bond of "
              + bond
              + " sized from a bound of "
              + config.defenderGas
              + " gas");
      long leafMatches = outcomes.getOrDefault(Outcome.LEAF_MATCH, 0);
      long timeoutClaims = GAMES - leafMatches;

      CliProcess show = cli(world, "dispute", "show", job.hex(), "--json");
      assertThat(show.exit()).as(show.err()).isZero();
      JsonNode shown = JSON.readTree(show.out());
      assertThat(shown.get("jobId").asText()).isEqualTo(job.hex());
      assertThat(shown.get("games")).hasSize(GAMES);
      for (JsonNode g : shown.get("games")) {
        assertThat(owner).containsKey(g.get("gameId").asLong());
        assertThat(g.get("phase").asText()).isEqualTo("RESOLVED");
        assertThat(g.get("turn").asText()).isEqualTo("NONE");
        assertThat(g.get("winner").asText()).isEqualTo("SOLVER");
        assertThat(g.get("outcome").asText())
            .isEqualTo(games.summary(g.get("gameId").asLong()).outcome().name());
        assertThat(g.get("moves").size()).isGreaterThanOrEqualTo(3); // open, reveal, resolution
      }
      CliProcess showText = cli(world, "dispute", "show", job.hex());
      assertThat(showText.exit()).as(showText.err()).isZero();
      assertThat(showText.out())
          .contains("job " + job + ": " + GAMES + " game(s), 0 running")
          .contains("(solver won)");
      assertThat(showText.out().lines().filter(l -> l.startsWith("game ")).count())
          .isEqualTo(GAMES);

      // the window passes: the job finalizes; pay and all 25 bonds are withdrawn
      world.passChallengeWindow();
      BigInteger bonds = bond.multiply(BigInteger.valueOf(GAMES));
      World.await(
          "the solver's pay and 25 bonds",
          Duration.ofSeconds(60),
          () ->
              world.token(solver.getAddress()).equals(World.solverWalletAfterUnattestedJob(bonds)));
      assertThat(world.status(id)).isEqualTo(JobStatus.FINALIZED);
      for (int i = 0; i < SYBILS; i++) {
        assertThat(world.token(sybils.get(i).getAddress()))
            .as("sybil %d", i)
            .isEqualTo(usd(SYBIL_USD).subtract(bond.multiply(BigInteger.valueOf(GAMES_EACH))));
      }
      assertThat(world.token(user.getAddress())).isEqualTo(usd(100).subtract(PRICE));
      assertThat(world.token(gameAddress)).isZero();
      assertThat(world.claimable(user.getAddress())).isEqualTo(World.VERIFIER_POOL);
      assertThat(world.token(d.address("JobMarket"))).isEqualTo(World.VERIFIER_POOL);
      DisputeGame view = readOnly(devnet, gameAddress);
      assertThat(view.credit(solver.getAddress()).send()).isZero();
      var owed = view.totalOwed().send();
      assertThat(owed.component1()).isZero();
      assertThat(owed.component2()).isZero();

      // every solver transaction once and none wasted: its moves, 25 timeout claims (less the
      // games that ended at the leaf) and one withdrawal of the bonds, all mined with status 1
      List<Transaction> txs = world.assertNoDuplicateTransactions(solver.getAddress());
      List<Transaction> gameTxs =
          txs.stream().filter(t -> t.getTo().equalsIgnoreCase(gameAddress)).toList();
      String resolveTimeout = view.resolveTimeout(BigInteger.ONE).encodeFunctionCall();
      assertThat(ChainReads.countCalls(gameTxs, resolveTimeout.substring(0, 10)))
          .isEqualTo(timeoutClaims);
      assertThat(ChainReads.countCalls(gameTxs, ChainReads.WITHDRAW)).isEqualTo(1);
      assertThat(gameTxs).hasSize((int) (solverMoves + timeoutClaims + 1));
      for (Transaction t : gameTxs) {
        TransactionReceipt r =
            devnet
                .chain()
                .web3j()
                .ethGetTransactionReceipt(t.getHash())
                .send()
                .getTransactionReceipt()
                .orElseThrow();
        assertThat(r.isStatusOK()).as("tx %s", t.getHash()).isTrue();
      }

      List<String> batches = new ArrayList<>();
      Matcher m =
          Pattern.compile("moves mined in (\\d+) of (\\d+) game\\(s\\) due, in (\\d+) ms")
              .matcher(solverProcess.log());
      while (m.find()) {
        batches.add(m.group(1) + "/" + m.group(2) + " in " + m.group(3) + " ms");
      }
      System.out.printf(
          "griefing: %d games (%s); the daemon answered all %d opens in %d ms (open block to the"
              + " last revealTrace mined), answered %d sybil moves within %d ms of play, claimed"
              + " %d timeouts in %d ms; %d solver moves + %d timeout claims + 1 withdrawal;"
              + " per-loop batches: %s%n",
          GAMES,
          outcomes,
          GAMES,
          firstAnswersMs,
          griefMoves.values().stream().mapToInt(Integer::intValue).sum(),
          griefMs,
          timeoutClaims,
          timeoutsMs,
          solverMoves,
          timeoutClaims,
          batches);
    }
  }

  /**
   * Signs every sybil's five opens, sends all 25 while anvil holds them in its pool, and mines them
   * in one block: game id → sybil index.
   */
  private static Map<Long, Integer> openAllInOneBlock(
      Devnet devnet, List<Credentials> sybils, Hash32 job) throws Exception {
    var web3j = devnet.chain().web3j();
    String game = devnet.deployment().address("DisputeGame");
    String open =
        readOnly(devnet, game)
            .open(job.bytes(), BigInteger.valueOf(ClaimKind.TRANSITION.ordinal()))
            .encodeFunctionCall();
    BigInteger gasPrice = web3j.ethGasPrice().send().getGasPrice().multiply(BigInteger.TWO);
    List<String> hashes = new ArrayList<>();
    AnvilRpc.call(devnet.chain(), "evm_setAutomine", List.of(false));
    try {
      for (int n = 0; n < GAMES_EACH; n++) {
        for (Credentials c : sybils) {
          BigInteger nonce =
              web3j
                  .ethGetTransactionCount(c.getAddress(), DefaultBlockParameterName.PENDING)
                  .send()
                  .getTransactionCount();
          RawTransaction raw =
              RawTransaction.createTransaction(
                  nonce, gasPrice, BigInteger.valueOf(800_000), game, BigInteger.ZERO, open);
          byte[] signed = TransactionEncoder.signMessage(raw, devnet.chain().chainId(), c);
          var sent = web3j.ethSendRawTransaction(Numeric.toHexString(signed)).send();
          assertThat(sent.hasError()).as(() -> sent.getError().getMessage()).isFalse();
          hashes.add(sent.getTransactionHash());
        }
      }
      AnvilRpc.mine(devnet.chain());
    } finally {
      AnvilRpc.call(devnet.chain(), "evm_setAutomine", List.of(true));
    }
    Map<Long, Integer> owner = new HashMap<>();
    BigInteger block = null;
    for (String h : hashes) {
      TransactionReceipt r =
          web3j.ethGetTransactionReceipt(h).send().getTransactionReceipt().orElseThrow();
      assertThat(r.isStatusOK()).as("open %s", h).isTrue();
      block = block == null ? r.getBlockNumber() : block;
      assertThat(r.getBlockNumber()).as("all 25 opens in one block").isEqualTo(block);
      for (DisputeGame.GameOpenedEventResponse e : DisputeGame.getGameOpenedEvents(r)) {
        int sybil = -1;
        for (int i = 0; i < sybils.size(); i++) {
          if (sybils.get(i).getAddress().equalsIgnoreCase(e.challenger)) {
            sybil = i;
          }
        }
        owner.put(e.gameId.longValueExact(), sybil);
      }
    }
    return owner;
  }

  /**
   * One sybil's play: round-robin over its games, whenever it is the sybil's turn it plays a random
   * move the contract accepts (a rejected one is never sent: the gas estimate refuses it), until it
   * has played {@code moves} in that game or the game is over. Returns the moves played per game.
   */
  private static Map<Long, Integer> grief(DisputeChain chain, List<Long> ids, int moves, int seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    Map<Long, Integer> played = new HashMap<>();
    List<Long> active = new ArrayList<>(ids);
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!active.isEmpty()) {
      assertThat(System.nanoTime()).as("sybil %d still playing", seed).isLessThan(deadline);
      for (long g : List.copyOf(active)) {
        int done = played.getOrDefault(g, 0);
        DisputeView v = chain.view(g);
        if (v.resolved() || done >= moves) {
          active.remove(g);
          continue;
        }
        if (v.turn() != Side.CHALLENGER) {
          continue; // the solver's turn: wait for its answer
        }
        if (randomMove(chain, v, rnd)) {
          played.put(g, done + 1);
        } else {
          active.remove(g); // no move the contract takes: give up on this game
        }
      }
      sleep(100);
    }
    return played;
  }

  /** Tries the legal choices of this phase in random order; true once one was mined. */
  private static boolean randomMove(DisputeChain chain, DisputeView v, SplittableRandom rnd) {
    int choices =
        switch (v.phase()) {
          case PICK -> v.revealed().size();
          case PICK_TENSOR -> v.postedRoots().size();
          case PICK_COLUMN -> v.openedRow().map(r -> r.length / 4).orElse(0);
          default -> 0;
        };
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < choices; i++) {
      order.add(i);
    }
    for (int i = order.size() - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      Integer t = order.get(i);
      order.set(i, order.get(j));
      order.set(j, t);
    }
    for (int c : order) {
      Move move =
          switch (v.phase()) {
            case PICK -> new Move.Pick(v.revealed(), c);
            case PICK_TENSOR -> new Move.PickTensor(v.postedRoots(), c);
            default -> new Move.PickColumn(c);
          };
      try {
        return chain.submit(v.gameId(), move).isStatusOK();
      } catch (TransactionRevertedException e) {
        // the contract would refuse this choice (padding, agreed segment, out of range): next
      }
    }
    return false;
  }

  private static CliProcess cli(World world, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--deployment", world.deploymentFile.toString()));
    return CliProcess.run(world.dir, "", all);
  }

  private static DisputeGame readOnly(Devnet devnet, String address) {
    return DisputeGame.load(
        address,
        devnet.chain().web3j(),
        new ReadonlyTransactionManager(devnet.chain().web3j(), address),
        devnet.chain().gasProvider());
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
