package io.tribunal.solver.daemon;

import io.tribunal.bindings.eip712.Bytes32;
import io.tribunal.core.commit.Hash32;
import io.tribunal.core.tensor.Tensor;
import io.tribunal.node.chain.DurableTxSender;
import io.tribunal.node.chain.Intents;
import io.tribunal.protocol.chain.ChainReader;
import io.tribunal.protocol.da.BlobCodec;
import io.tribunal.protocol.da.DataChain;
import io.tribunal.protocol.da.StateChunks;
import io.tribunal.protocol.dispute.MerkleLevels;
import io.tribunal.protocol.dispute.RowTrees;
import io.tribunal.protocol.dispute.TraceSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers on-chain data demands on this solver's committed jobs: for each open demand it posts the
 * state's parameter roots with the leaf's path in the committed trace tree, then every row in
 * chunks, each a journaled transaction (so a restart resumes where the chain says it stopped). An
 * unanswered demand is settled as a cheat, so this runs whenever a committed job is frozen.
 *
 * <p>Where the chain has EIP-4844 blobs (and blobs are not turned off), the chunks go in blobs, up
 * to six per transaction; then any objected blob chunk is published again as calldata, and once the
 * objection period closes with none left unanswered the answer is confirmed (which pays this solver
 * the demand's bond). Intents: {@code data-roots:<id>}, {@code data-rows:<id>:<t>:<row>}, {@code
 * data-blobs:<id>:<t>:<row>}, {@code data-objection:<id>:<chunk>}, {@code data-confirm:<id>}.
 */
final class DataDemandAnswers {
  private static final Logger LOG = LoggerFactory.getLogger(DataDemandAnswers.class);

  /** Blobs per transaction at most (Ethereum's per-transaction limit since Osaka). */
  private static final int MAX_BLOBS_PER_TX = 6;

  private final DataChain data;
  private final ChainReader reader;
  private final DurableTxSender tx;
  private final Function<String, TraceSource> traces;
  private final Map<String, TraceSource> cache = new ConcurrentHashMap<>();
  private final boolean useBlobs;
  private volatile Boolean chainHasBlobs;

  DataDemandAnswers(
      DataChain data,
      ChainReader reader,
      DurableTxSender tx,
      Function<String, TraceSource> traces,
      boolean useBlobs) {
    this.data = data;
    this.reader = reader;
    this.tx = tx;
    this.traces = traces;
    this.useBlobs = useBlobs;
  }

  /** Answers every open demand on {@code jobId} that is still inside its answer period. */
  void answer(String jobId) {
    List<DataChain.Demand> open =
        reader.view("demandsOf", () -> data.demandsOf(Bytes32.fromHex(jobId))).stream()
            .filter(d -> d.phase().live())
            .toList();
    if (open.isEmpty()) {
      return;
    }
    TraceSource trace = cache.computeIfAbsent(jobId, traces);
    long now = reader.now();
    for (DataChain.Demand d : open) {
      if (d.phase() == DataChain.DemandPhase.AWAIT_OBJECTIONS) {
        answerObjections(jobId, trace, d, now);
        continue;
      }
      if (now > d.deadline()) {
        LOG.warn("job {}: data demand {} expired before it was answered", jobId, d.id());
        continue;
      }
      publish(jobId, trace, d);
    }
  }

  private void publish(String jobId, TraceSource trace, DataChain.Demand d) {
    List<Tensor> params = trace.parameters(d.step());
    List<Hash32> roots = RowTrees.roots(params);
    LOG.info(
        "job {}: data demand {} for the state of step {} (leaf {}); publishing it on-chain",
        jobId,
        d.id(),
        d.step(),
        d.leaf());
    if (d.phase() == DataChain.DemandPhase.AWAIT_ROOTS) {
      MerkleLevels tree = MerkleLevels.of(trace.traceLeaves());
      var r =
          tx.send(
              Intents.dataRoots(d.id()),
              data.address(),
              data.postRootsCall(d.id(), tree.root(), tree.proof(d.leaf(), tree.height()), roots));
      LOG.info(
          "job {}: data demand {}: roots posted (tx {})", jobId, d.id(), r.getTransactionHash());
    }
    DataChain.Demand now = reader.view("demandOf", () -> data.demand(d.id()));
    List<StateChunks.Chunk> chunks =
        StateChunks.of(params).stream()
            .filter(
                c ->
                    c.tensor() > now.tensor()
                        || (c.tensor() == now.tensor() && c.firstRow() >= now.nextRow()))
            .toList();
    if (useBlobs && chainHasBlobs()) {
      publishInBlobs(jobId, d, roots, chunks);
      return;
    }
    long bytes = 0;
    int sent = 0;
    for (StateChunks.Chunk c : chunks) {
      tx.send(
          Intents.dataRows(d.id(), c.tensor(), c.firstRow()),
          data.address(),
          data.publishRowsCall(d.id(), roots, c));
      bytes += c.bytes();
      sent++;
    }
    LOG.info(
        "job {}: data demand {} answered: {} chunks, {} bytes of state published on-chain",
        jobId,
        d.id(),
        sent,
        bytes);
  }

  private void publishInBlobs(
      String jobId, DataChain.Demand d, List<Hash32> roots, List<StateChunks.Chunk> chunks) {
    long bytes = 0;
    int txs = 0;
    for (int from = 0; from < chunks.size(); from += MAX_BLOBS_PER_TX) {
      List<StateChunks.Chunk> group =
          chunks.subList(from, Math.min(chunks.size(), from + MAX_BLOBS_PER_TX));
      StateChunks.Chunk first = group.get(0);
      var r =
          tx.sendWithBlobs(
              Intents.dataBlobs(d.id(), first.tensor(), first.firstRow()),
              data.address(),
              data.publishBlobsCall(
                  d.id(), roots, group.stream().map(c -> c.rows().size()).toList()),
              group.stream().map(c -> BlobCodec.encode(c.rows())).toList());
      bytes += group.stream().mapToLong(StateChunks.Chunk::bytes).sum();
      txs++;
      LOG.info(
          "job {}: data demand {}: {} chunks published in blobs (tx {})",
          jobId,
          d.id(),
          group.size(),
          r.getTransactionHash());
    }
    var b = reader.view("blobAnswerOf", () -> data.blobAnswer(d.id()));
    LOG.info(
        "job {}: data demand {} answered in blobs: {} chunks in {} transactions, {} bytes of state;"
            + " objections close at {}",
        jobId,
        d.id(),
        chunks.size(),
        txs,
        bytes,
        b.objectionsClose());
  }

  /**
   * Publishes every objected blob chunk again as calldata, and confirms the answer once the
   * objection period has closed with none left unanswered.
   */
  private void answerObjections(String jobId, TraceSource trace, DataChain.Demand d, long now) {
    List<DataChain.BlobChunk> chunks =
        reader.view("blobChunksOf", () -> data.blobChunks(reader, d.id()));
    List<DataChain.BlobChunk> objected =
        chunks.stream().filter(c -> c.objected() && !c.answered()).toList();
    if (!objected.isEmpty()) {
      if (now > d.deadline()) {
        LOG.warn(
            "job {}: data demand {}: {} objected blob chunk(s) left unanswered past the deadline",
            jobId,
            d.id(),
            objected.size());
        return;
      }
      List<Tensor> params = trace.parameters(d.step());
      List<Hash32> roots = RowTrees.roots(params);
      for (DataChain.BlobChunk c : objected) {
        StateChunks.Chunk calldata = StateChunks.block(params, c.tensor(), c.firstRow(), c.count());
        var r =
            tx.send(
                Intents.dataObjection(d.id(), c.index()),
                data.address(),
                data.answerObjectionCall(d.id(), c.index(), roots, calldata));
        LOG.warn(
            "job {}: data demand {}: blob chunk {} was objected to; published it as calldata (tx"
                + " {})",
            jobId,
            d.id(),
            c.index(),
            r.getTransactionHash());
      }
      return;
    }
    var b = reader.view("blobAnswerOf", () -> data.blobAnswer(d.id()));
    if (now <= b.objectionsClose()) {
      return;
    }
    var r = tx.send(Intents.dataConfirm(d.id()), data.address(), data.confirmBlobsCall(d.id()));
    LOG.info(
        "job {}: data demand {} answered: its blob answer stood through the objection period (tx"
            + " {})",
        jobId,
        d.id(),
        r.getTransactionHash());
  }

  /** True if the chain has EIP-4844 blobs (it reports a blob base fee); asked once. */
  private boolean chainHasBlobs() {
    Boolean known = chainHasBlobs;
    if (known == null) {
      try {
        reader.chain().web3j().ethGetBaseFeePerBlobGas();
        known = true;
      } catch (RuntimeException e) {
        LOG.info("the chain has no EIP-4844 blobs ({}); data goes out as calldata", e.getMessage());
        known = false;
      }
      chainHasBlobs = known;
    }
    return known;
  }
}
