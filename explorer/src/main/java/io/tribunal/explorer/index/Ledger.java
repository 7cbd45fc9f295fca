package io.tribunal.explorer.index;

import io.tribunal.protocol.dispute.DisputeView;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The explorer's mutable index, written by one thread (the indexer, block after block) and read
 * only through {@link #snapshot()}. Keys are lower-case 0x hex.
 */
public final class Ledger {
  /** An operator as the registry's events and views describe it. */
  static final class Operator {
    int roles;
    String endpoint = "";
    BigInteger pricePerStep = BigInteger.ZERO;
    BigInteger pricePerInferenceUnit = BigInteger.ZERO;
    BigInteger active = BigInteger.ZERO;
    BigInteger locked = BigInteger.ZERO;
    BigInteger unbonding = BigInteger.ZERO;
    int slashes;
    BigInteger slashed = BigInteger.ZERO;
  }

  /** A channel: who opened it, when, and the contract's latest view of it. */
  static final class Channel {
    String payer = "";
    String payee = "";
    long openedBlock;
    BigInteger deposit = BigInteger.ZERO;
    BigInteger claimed = BigInteger.ZERO;
    long expiry;
    String status = "OPEN";
  }

  /** A game: its moves and the contract's latest view of it. */
  static final class Game {
    final GameTrack track = new GameTrack();
    DisputeView view;
  }

  final Map<String, JobState> jobs = new LinkedHashMap<>();
  private final Map<String, String> heldOut = new java.util.HashMap<>();
  final Map<Long, Game> games = new TreeMap<>();
  final Map<String, Operator> operators = new TreeMap<>();
  final Map<String, Channel> channels = new LinkedHashMap<>();
  final Map<String, List<Offer>> offers = new TreeMap<>();
  NetworkEntry network;
  long head;
  long chainTime;

  JobState job(String id) {
    return jobs.computeIfAbsent(id, JobState::new);
  }

  /** What a job's submission revealed (its calldata): spec and hyper-parameters. */
  public void revealed(String jobId, SubmitCalldata.Revealed r) {
    existingJob(jobId)
        .ifPresent(
            j -> {
              j.spec = r.spec();
              j.batch = r.batch();
              j.eta = r.eta();
              j.datasetSize = r.datasetSize();
              j.touch();
            });
  }

  public int jobCount() {
    return jobs.size();
  }

  /** The model spec hash a job's request signed ("" for an unknown job). */
  public String modelSpecHash(String jobId) {
    return existingJob(jobId).map(j -> j.modelSpecHash).orElse("");
  }

  Optional<JobState> existingJob(String id) {
    return Optional.ofNullable(jobs.get(id));
  }

  Game game(long id) {
    return games.computeIfAbsent(id, i -> new Game());
  }

  /** Replaces a game's view with the contract's latest (after its events were added). */
  public void gameView(DisputeView view) {
    game(view.gameId()).view = view;
  }

  Operator operator(String address) {
    return operators.computeIfAbsent(address, a -> new Operator());
  }

  /** The registry's {@code stakeOf} for an operator. */
  public void stake(String address, BigInteger active, BigInteger locked, BigInteger unbonding) {
    Operator o = operator(address);
    o.active = active;
    o.locked = locked;
    o.unbonding = unbonding;
  }

  Channel channel(String id) {
    return channels.computeIfAbsent(id, i -> new Channel());
  }

  /** The channel contract's {@code getChannel} for a channel. */
  public void channelView(
      String id, BigInteger deposit, BigInteger claimed, long expiry, int status) {
    Channel c = channel(id);
    c.deposit = deposit;
    c.claimed = claimed;
    c.expiry = expiry;
    c.status =
        switch (status) {
          case 1 -> "OPEN";
          case 2 -> "CLOSING";
          case 3 -> "CLOSED";
          default -> "NONE";
        };
  }

  /** Records the held-out figure a solver's public manifest reports for a finalized job. */
  public void heldOut(String jobId, String figure) {
    heldOut.put(jobId, figure);
  }

  /** The held-out figure read for a job, "" if none was. */
  public String heldOut(String jobId) {
    return heldOut.getOrDefault(jobId, "");
  }

  /**
   * The finalized jobs whose held-out figure is still unread, by their solver's endpoint (solver
   * address to job ids).
   */
  public Map<String, List<String>> unreadHeldOut() {
    Map<String, List<String>> out = new TreeMap<>();
    jobs.forEach(
        (id, j) -> {
          if ("FINALIZED".equals(j.status) && !heldOut.containsKey(id)) {
            out.computeIfAbsent(j.solver, k -> new ArrayList<>()).add(id);
          }
        });
    return out;
  }

  /** Replaces the offers read from one solver's server (empty when it did not answer). */
  public void offers(String solver, List<Offer> list) {
    offers.put(solver, List.copyOf(list));
  }

  /** The operators with a published endpoint, address to endpoint. */
  public Map<String, String> endpoints() {
    Map<String, String> out = new TreeMap<>();
    operators.forEach(
        (a, o) -> {
          if (!o.endpoint.isBlank()) {
            out.put(a, o.endpoint);
          }
        });
    return out;
  }

  public void network(NetworkEntry n) {
    network = n;
  }

  public Optional<NetworkEntry> network() {
    return Optional.ofNullable(network);
  }

  public void head(long block, long time) {
    head = block;
    chainTime = time;
  }

  /** The games whose view must be read again (touched by the events just applied). */
  List<Long> gameIds() {
    return new ArrayList<>(games.keySet());
  }

  public Snapshot snapshot() {
    return new SnapshotBuilder(this).build();
  }
}
