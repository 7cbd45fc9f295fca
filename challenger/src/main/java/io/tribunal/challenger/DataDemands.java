package io.tribunal.challenger;

import io.tribunal.bindings.eip712.Bytes32;
import io.tribunal.bindings.eip712.JobRequest;
import io.tribunal.bindings.generated.DataAvailability;
import io.tribunal.node.chain.DurableTxSender;
import io.tribunal.protocol.chain.ChainReader;
import io.tribunal.protocol.chain.Contracts;
import io.tribunal.protocol.da.BeaconBlobs;
import io.tribunal.protocol.da.BlobAnswerCheck;
import io.tribunal.protocol.da.DataChain;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.abi.EventEncoder;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

/**
 * The challenger's on-chain data demands. When a solver does not serve the data of a committed job
 * (its endpoint is gone, or refuses), the challenger demands the job's final state on-chain,
 * bonded; the solver must publish it within the answer period or be settled as a cheat. Every loop,
 * each of this challenger's open demands is checked: past its deadline it is resolved (the solver
 * slashed, the bond back); answered, it is done. Demands are found again on the chain after a
 * restart.
 *
 * <p>Blob answers are checked for every demand, whoever made it (a solver's own demander would
 * never object to its garbage): each blob chunk is fetched from the beacon node and every tensor
 * must rebuild its posted root ({@link BlobAnswerCheck}); a chunk that fails is objected to within
 * the objection period, and an objection the solver leaves unanswered past the deadline is resolved
 * (the solver slashed).
 *
 * <p>Intents: {@code register:<job>}, {@code approve-data-bond:<job>:<leaf>}, {@code
 * demand:<job>:<leaf>}, {@code resolve-demand:<id>}, {@code data-withdraw:<id>}, {@code
 * object-blob:<id>:<chunk>}.
 *
 * <p>Longer than 250 lines on purpose: demands, answers and blob objections share one scan of the
 * DataAvailability events and one intent journal; split apart, each would scan the chain again.
 */
final class DataDemands {
  private static final Logger LOG = LoggerFactory.getLogger(DataDemands.class);

  private final Contracts contracts;
  private final ChainReader reader;
  private final DurableTxSender tx;
  private final DataChain data;
  private final GameActions games;
  private final String me;
  private final long fromBlock;
  private final java.util.function.Consumer<String> withdrawReward;

  /** Open demands of this challenger: demand id to job id. */
  private final Map<BigInteger, String> mine = new ConcurrentHashMap<>();

  private final BeaconBlobs blobs;

  /** Blob answers awaiting objections (anyone's demands): demand id to job id. */
  private final Map<BigInteger, String> blobAnswers = new ConcurrentHashMap<>();

  /** Blob answers this challenger has checked. */
  private final java.util.Set<BigInteger> checked = ConcurrentHashMap.newKeySet();

  private long scannedTo;

  DataDemands(
      Contracts contracts,
      ChainReader reader,
      DurableTxSender tx,
      DataChain data,
      GameActions games,
      long fromBlock,
      BeaconBlobs blobs,
      java.util.function.Consumer<String> withdrawReward) {
    this.contracts = contracts;
    this.reader = reader;
    this.tx = tx;
    this.data = data;
    this.games = games;
    this.me = tx.address();
    this.fromBlock = fromBlock;
    this.blobs = blobs;
    this.scannedTo = fromBlock - 1;
    this.withdrawReward = withdrawReward;
  }

  /** Finds this challenger's demands that are still open on the chain (after a restart). */
  void recover() {
    EthFilter filter =
        new EthFilter(
            DefaultBlockParameter.valueOf(BigInteger.valueOf(fromBlock)),
            DefaultBlockParameterName.LATEST,
            data.address());
    filter.addSingleTopic(EventEncoder.encode(DataAvailability.DATADEMANDED_EVENT));
    filter.addNullTopic();
    filter.addNullTopic();
    filter.addSingleTopic(Numeric.toHexStringWithPrefixZeroPadded(Numeric.toBigInt(me), 64));
    for (Log log : reader.logs(filter)) {
      var e = DataAvailability.getDataDemandedEventFromLog(log);
      mine.put(e.demandId, new Bytes32(e.jobId).hex());
    }
    if (!mine.isEmpty()) {
      LOG.info("{} data demand(s) of this challenger found on-chain; following them", mine.size());
    }
  }

  /**
   * Demands trace leaf {@code leaf} of job {@code id} (registering the job with the game first),
   * unless someone already did: then that demand settles it for everyone.
   */
  void demand(String id, JobRequest r, HonestRun.Job job, long leaf) {
    Bytes32 jobId = Bytes32.fromHex(id);
    var existing = reader.view("demandFor", () -> data.demandFor(jobId, leaf));
    if (existing.isPresent()) {
      if (existing.get().demander().equalsIgnoreCase(me)) {
        mine.put(existing.get().id(), id);
      }
      return;
    }
    games.register(id, r, job);
    BigInteger bond = reader.view("termsOf", () -> data.bondOf(jobId));
    BigInteger allowance =
        reader.view("allowance", () -> contracts.token().allowance(me, data.address()).send());
    String intent = io.tribunal.node.chain.Intents.demand(id, leaf);
    if (allowance.compareTo(bond) < 0 && !tx.known(intent)) {
      tx.send(
          io.tribunal.node.chain.Intents.approveDataBond(id, leaf),
          contracts.tokenAddress(),
          contracts.token().approve(data.address(), bond).encodeFunctionCall());
    }
    TransactionReceipt receipt = tx.send(intent, data.address(), data.demandCall(jobId, leaf));
    for (var e : DataAvailability.getDataDemandedEvents(receipt)) {
      if (e.demander.equalsIgnoreCase(me)) {
        mine.put(e.demandId, id);
        LOG.warn(
            "job {}: the solver does not serve its data; demanded the state of step {} on-chain"
                + " (demand {}, bond {}, answer due by {}, tx {})",
            id,
            e.step,
            e.demandId,
            e.bond,
            e.deadline,
            receipt.getTransactionHash());
      }
    }
  }

  /** Resolves this challenger's demands that ran out; forgets the ones that ended. */
  void tick() {
    watchBlobAnswers();
    if (mine.isEmpty()) {
      return;
    }
    long now = reader.now();
    for (var entry : List.copyOf(mine.entrySet())) {
      BigInteger id = entry.getKey();
      String job = entry.getValue();
      DataChain.Demand d = reader.view("demandOf", () -> data.demand(id));
      if (d.phase() == DataChain.DemandPhase.AWAIT_OBJECTIONS) {
        continue; // followed by watchBlobAnswers
      }
      if (d.phase().open()) {
        if (now > d.deadline()) {
          TransactionReceipt r =
              tx.send(
                  io.tribunal.node.chain.Intents.resolveDemand(id),
                  data.address(),
                  data.resolveDefaultCall(id));
          LOG.warn(
              "job {}: data demand {} unanswered by its deadline: the solver withheld its data and"
                  + " is settled as a cheat (tx {})",
              job,
              id,
              r.getTransactionHash());
          // the demander's share of the slash (as a winning challenger's)
          withdrawReward.accept(job);
        }
        continue;
      }
      if (d.phase() == DataChain.DemandPhase.ANSWERED) {
        LOG.info(
            "job {}: data demand {} answered: the state of step {} is on-chain", job, id, d.step());
      }
      BigInteger credit = reader.view("credit", () -> data.credit(me));
      if (credit.signum() > 0) {
        tx.send(
            io.tribunal.node.chain.Intents.dataWithdraw(id), data.address(), data.withdrawCall(me));
      }
      mine.remove(id);
    }
  }

  /**
   * Finds new blob answers (BlobObjectionsOpen events), checks each once, objects to the chunks
   * that fail, and resolves a demand whose objection the solver left unanswered past the deadline.
   */
  private void watchBlobAnswers() {
    long head = reader.head();
    if (head > scannedTo) {
      EthFilter filter =
          new EthFilter(
              DefaultBlockParameter.valueOf(BigInteger.valueOf(scannedTo + 1)),
              DefaultBlockParameter.valueOf(BigInteger.valueOf(head)),
              data.address());
      filter.addSingleTopic(EventEncoder.encode(DataAvailability.BLOBOBJECTIONSOPEN_EVENT));
      for (Log log : reader.logs(filter)) {
        var e = DataAvailability.getBlobObjectionsOpenEventFromLog(log);
        DataChain.Demand d = reader.view("demandOf", () -> data.demand(e.demandId));
        blobAnswers.put(e.demandId, d.jobId().hex());
      }
      scannedTo = head;
    }
    long now = reader.now();
    for (var entry : List.copyOf(blobAnswers.entrySet())) {
      BigInteger id = entry.getKey();
      String job = entry.getValue();
      DataChain.Demand d = reader.view("demandOf", () -> data.demand(id));
      if (d.phase() != DataChain.DemandPhase.AWAIT_OBJECTIONS) {
        blobAnswers.remove(id);
        continue;
      }
      DataChain.BlobAnswer b = reader.view("blobAnswerOf", () -> data.blobAnswer(id));
      if (now <= b.objectionsClose() && !checked.contains(id)) {
        checkBlobAnswer(job, d);
      } else if (b.unanswered() > 0 && now > d.deadline()) {
        TransactionReceipt r =
            tx.send(
                io.tribunal.node.chain.Intents.resolveDemand(id),
                data.address(),
                data.resolveDefaultCall(id));
        LOG.warn(
            "job {}: data demand {}: an objected blob chunk was not published as calldata by the"
                + " deadline: the solver withheld its data and is settled as a cheat (tx {})",
            job,
            id,
            r.getTransactionHash());
        // the first unanswered objector's share of the slash (as a winning challenger's)
        withdrawReward.accept(job);
        blobAnswers.remove(id);
      }
    }
  }

  private void checkBlobAnswer(String job, DataChain.Demand d) {
    BigInteger id = d.id();
    List<Integer> widths =
        reader
            .view("jobConfig", () -> contracts.disputeGame().jobConfig(d.jobId().bytes()).send())
            .widths
            .stream()
            .map(BigInteger::intValueExact)
            .toList();
    BlobAnswerCheck.Verdict v = BlobAnswerCheck.check(data, reader, blobs, id, widths);
    checked.add(id);
    if (v.clean()) {
      LOG.info(
          "job {}: data demand {}: the blob answer checks out (every tensor rebuilds its root)",
          job,
          id);
      return;
    }
    for (String reason : v.reasons()) {
      LOG.warn("job {}: data demand {}: {}", job, id, reason);
    }
    for (int chunk : v.objections()) {
      TransactionReceipt r =
          tx.send(
              io.tribunal.node.chain.Intents.objectBlob(id, chunk),
              data.address(),
              data.objectCall(id, chunk));
      LOG.warn(
          "job {}: data demand {}: objected to blob chunk {}; the solver must publish it as"
              + " calldata by {} (tx {})",
          job,
          id,
          chunk,
          d.deadline(),
          r.getTransactionHash());
    }
  }
}
