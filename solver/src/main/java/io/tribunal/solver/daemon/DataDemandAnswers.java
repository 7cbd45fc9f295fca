package io.tribunal.solver.daemon;

import io.tribunal.bindings.eip712.Bytes32;
import io.tribunal.core.commit.Hash32;
import io.tribunal.core.tensor.Tensor;
import io.tribunal.protocol.chain.ChainReader;
import io.tribunal.protocol.chain.DurableTxSender;
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
 */
final class DataDemandAnswers {
  private static final Logger LOG = LoggerFactory.getLogger(DataDemandAnswers.class);

  private final DataChain data;
  private final ChainReader reader;
  private final DurableTxSender tx;
  private final Function<String, TraceSource> traces;
  private final Map<String, TraceSource> cache = new ConcurrentHashMap<>();

  DataDemandAnswers(
      DataChain data,
      ChainReader reader,
      DurableTxSender tx,
      Function<String, TraceSource> traces) {
    this.data = data;
    this.reader = reader;
    this.tx = tx;
    this.traces = traces;
  }

  /** Answers every open demand on {@code jobId} that is still inside its answer period. */
  void answer(String jobId) {
    List<DataChain.Demand> open =
        reader.view("demandsOf", () -> data.demandsOf(Bytes32.fromHex(jobId))).stream()
            .filter(d -> d.phase().open())
            .toList();
    if (open.isEmpty()) {
      return;
    }
    TraceSource trace = cache.computeIfAbsent(jobId, traces);
    long now = reader.now();
    for (DataChain.Demand d : open) {
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
              "data-roots:" + d.id(),
              data.address(),
              data.postRootsCall(d.id(), tree.root(), tree.proof(d.leaf(), tree.height()), roots));
      LOG.info(
          "job {}: data demand {}: roots posted (tx {})", jobId, d.id(), r.getTransactionHash());
    }
    DataChain.Demand now = reader.view("demandOf", () -> data.demand(d.id()));
    List<StateChunks.Chunk> chunks = StateChunks.of(params);
    long bytes = 0;
    int sent = 0;
    for (StateChunks.Chunk c : chunks) {
      boolean done =
          c.tensor() < now.tensor() || (c.tensor() == now.tensor() && c.firstRow() < now.nextRow());
      if (done) {
        continue;
      }
      tx.send(
          "data-rows:" + d.id() + ":" + c.tensor() + ":" + c.firstRow(),
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
}
