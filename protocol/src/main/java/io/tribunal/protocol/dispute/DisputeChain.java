package io.tribunal.protocol.dispute;

import io.tribunal.bindings.Deployment;
import io.tribunal.bindings.TransactionRevertedException;
import io.tribunal.bindings.TribunalChain;
import io.tribunal.bindings.generated.DisputeGame;
import io.tribunal.bindings.generated.DisputeGameLens;
import io.tribunal.core.commit.Hash32;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.web3j.abi.EventEncoder;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.RemoteFunctionCall;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.utils.Numeric;

/**
 * The DisputeGame contract as the engine uses it, for one account (or read-only): game views built
 * from {@code gameView} plus the game's events, move submission, and chain time. Standard JSON-RPC
 * only.
 *
 * <p>Longer than 250 lines on purpose: one method per DisputeGame view, move and event the engine
 * uses, so the game's ABI is wrapped in exactly one place.
 */
public final class DisputeChain {
  private final TribunalChain chain;
  private final DisputeGame game;
  private final DisputeGameLens lens;
  private final long fromBlock;

  private DisputeChain(
      TribunalChain chain, DisputeGame game, DisputeGameLens lens, long fromBlock) {
    this.chain = chain;
    this.game = game;
    this.lens = lens;
    this.fromBlock = fromBlock;
  }

  /** The game contract of {@code deployment}, sending as {@code account}. */
  public static DisputeChain of(TribunalChain chain, Deployment deployment, Credentials account) {
    String address = deployment.address("DisputeGame");
    DisputeGame g =
        DisputeGame.load(
            address, chain.web3j(), chain.transactionManager(account), chain.gasProvider());
    return new DisputeChain(chain, g, lens(chain, deployment), block(deployment));
  }

  /** Read-only access (views and events). */
  public static DisputeChain readOnly(TribunalChain chain, Deployment deployment) {
    String address = deployment.address("DisputeGame");
    DisputeGame g =
        DisputeGame.load(
            address,
            chain.web3j(),
            new ReadonlyTransactionManager(chain.web3j(), address),
            chain.gasProvider());
    return new DisputeChain(chain, g, lens(chain, deployment), block(deployment));
  }

  /** The stateless lens that decodes the game's storage words into {@code GameView}s. */
  private static DisputeGameLens lens(TribunalChain chain, Deployment deployment) {
    String address = deployment.address("DisputeGameLens");
    return DisputeGameLens.load(
        address,
        chain.web3j(),
        new ReadonlyTransactionManager(chain.web3j(), address),
        chain.gasProvider());
  }

  private static long block(Deployment d) {
    return d.find("DisputeGame").map(Deployment.ContractRef::block).orElse(0L);
  }

  public DisputeGame contract() {
    return game;
  }

  /** Timestamp of the latest block: deadlines are chain time, never the wall clock. */
  public long now() {
    try {
      return chain.latestBlockTime();
    } catch (java.io.UncheckedIOException e) {
      throw new DisputeException("cannot read the latest block at " + chain.rpcUrl(), e);
    }
  }

  /** A game as a player sees it: {@code gameView} plus what the solver last published in events. */
  public DisputeView view(long gameId) {
    DisputeGameLens.GameView g = gameView(gameId);
    List<Hash32> revealed = List.of();
    List<Hash32> posted = List.of();
    Optional<byte[]> row = Optional.empty();
    for (Log log : logs(gameId)) {
      switch (EventNames.of(log)) {
        case "ChildrenRevealed" ->
            revealed = hashes(DisputeGame.getChildrenRevealedEventFromLog(log).children);
        case "StateRevealed" -> {
          var e = DisputeGame.getStateRevealedEventFromLog(log);
          List<Hash32> all = new ArrayList<>(hashes(e.paramRoots));
          all.addAll(hashes(e.opRoots));
          posted = all;
        }
        case "RowOpened" -> row = Optional.of(DisputeGame.getRowOpenedEventFromLog(log).data);
        default -> {}
      }
    }
    return toView(gameId, g, revealed, posted, row);
  }

  /**
   * The contract's {@code gameView} alone (one {@code eth_call}, no event scan): enough to list
   * games (parties, kind, phase, turn, deadline, clocks, outcome, pinpoint), not to play one (its
   * revealed descendants, posted roots and opened row are empty).
   */
  public DisputeView summary(long gameId) {
    DisputeGameLens.GameView g = gameView(gameId);
    return toView(gameId, g, List.of(), List.of(), Optional.empty());
  }

  private DisputeGameLens.GameView gameView(long gameId) {
    return call(lens.gameView(game.getContractAddress(), BigInteger.valueOf(gameId)), "gameView");
  }

  /** Number of games opened on this contract so far; their ids are 1..gameCount. */
  public long gameCount() {
    return call(game.gameCount(), "gameCount").longValueExact();
  }

  private static DisputeView toView(
      long gameId,
      DisputeGameLens.GameView g,
      List<Hash32> revealed,
      List<Hash32> posted,
      Optional<byte[]> row) {
    return new DisputeView(
        gameId,
        new Hash32(g.jobId),
        g.challenger,
        g.solver,
        ClaimKind.values()[g.kind.intValueExact()],
        Phase.values()[g.phase.intValueExact()],
        Side.values()[g.turn.intValueExact()],
        g.deadline.longValueExact(),
        g.solverClock.longValueExact(),
        g.challengerClock.longValueExact(),
        g.bond.longValueExact(),
        Outcome.values()[g.outcome.intValueExact()],
        TreeKind.values()[g.tree.intValueExact()],
        new Hash32(g.node),
        g.height.intValueExact(),
        g.index.longValueExact(),
        g.leafCount.longValueExact(),
        g.baseStep.longValueExact(),
        g.predHeight.intValueExact(),
        Pinpoint.of(
            g.atInit,
            g.step.longValue(),
            g.tensor.intValueExact(),
            g.row.longValueExact(),
            g.col.longValueExact()),
        revealed,
        posted,
        row);
  }

  /** Every event of game {@code gameId}, oldest first. */
  public List<GameEvent> events(long gameId) {
    List<GameEvent> out = new ArrayList<>();
    for (Log log : logs(gameId)) {
      out.add(EventNames.describe(log));
    }
    return out;
  }

  /** The ids of every game opened on {@code jobId}, oldest first. */
  public List<Long> gamesOf(Hash32 jobId) {
    EthFilter f = filter();
    f.addSingleTopic(EventNames.topic("GameOpened"));
    f.addNullTopic();
    f.addSingleTopic(jobId.hex());
    List<Long> ids = new ArrayList<>();
    for (Log log : send(f)) {
      ids.add(Numeric.toBigInt(log.getTopics().get(1)).longValueExact());
    }
    return ids;
  }

  /** The nodes of op-graph job {@code jobId} as registered (empty for an MLP job). */
  public List<byte[]> graphNodes(Hash32 jobId) {
    EthFilter f = filter();
    f.addSingleTopic(EventEncoder.encode(DisputeGame.GRAPHJOBNODES_EVENT));
    f.addSingleTopic(jobId.hex());
    for (Log log : send(f)) {
      return DisputeGame.getGraphJobNodesEventFromLog(log).nodes;
    }
    return List.of();
  }

  /** The job's config as the game registered it (model words empty if not registered). */
  public DisputeGame.JobConfig jobConfig(Hash32 jobId) {
    return call(game.jobConfig(jobId.bytes()), "jobConfig");
  }

  /**
   * The bond every game on {@code jobId} posts, fixed when the job was registered with the game
   * (sized to the honest solver's worst-case gas, never below the floor); zero if not registered.
   */
  public BigInteger jobBond(Hash32 jobId) {
    return call(game.jobConfig(jobId.bytes()), "jobConfig").bond;
  }

  /** Opens a game (the job's bond must be approved): the new game's id. */
  public long open(Hash32 jobId, ClaimKind kind) {
    TransactionReceipt r =
        call(game.open(jobId.bytes(), BigInteger.valueOf(kind.ordinal())), "open");
    return DisputeGame.getGameOpenedEvents(r).get(0).gameId.longValueExact();
  }

  /** The DisputeGame's address (where {@link #encode encoded} moves are sent). */
  public String address() {
    return game.getContractAddress();
  }

  /**
   * The calldata of {@code move} in game {@code gameId}, for a caller that sends its transactions
   * itself (a daemon's intent journal, so a move is signed once and re-broadcast after a crash).
   */
  public String encode(long gameId, Move move) {
    return MoveCalls.of(game, BigInteger.valueOf(gameId), move).encodeFunctionCall();
  }

  /**
   * Sends one move. A move the contract would reject is not sent: {@link
   * TransactionRevertedException} names the custom error.
   */
  public TransactionReceipt submit(long gameId, Move move) {
    return call(MoveCalls.of(game, BigInteger.valueOf(gameId), move), move.name());
  }

  private List<Log> logs(long gameId) {
    EthFilter f = filter();
    f.addNullTopic();
    f.addSingleTopic(Numeric.toHexStringWithPrefixZeroPadded(BigInteger.valueOf(gameId), 64));
    return send(f);
  }

  private EthFilter filter() {
    return new EthFilter(
        DefaultBlockParameter.valueOf(BigInteger.valueOf(fromBlock)),
        DefaultBlockParameterName.LATEST,
        game.getContractAddress());
  }

  private List<Log> send(EthFilter f) {
    try {
      EthLog r = chain.web3j().ethGetLogs(f).send();
      if (r.hasError()) {
        throw new DisputeException("eth_getLogs failed: " + r.getError().getMessage(), null);
      }
      List<Log> logs = new ArrayList<>();
      for (EthLog.LogResult<?> l : r.getLogs()) {
        logs.add((Log) l.get());
      }
      return logs;
    } catch (IOException e) {
      throw new DisputeException("eth_getLogs failed at " + chain.rpcUrl(), e);
    }
  }

  static List<Hash32> hashes(List<byte[]> raw) {
    return raw.stream().map(Hash32::new).toList();
  }

  private <T> T call(RemoteFunctionCall<T> c, String what) {
    try {
      return c.send();
    } catch (TransactionRevertedException | DisputeException e) {
      throw e;
    } catch (Exception e) {
      throw new DisputeException(what + " failed: " + e.getMessage(), e);
    }
  }
}
