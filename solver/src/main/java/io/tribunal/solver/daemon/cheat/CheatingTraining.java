package io.tribunal.solver.daemon.cheat;

import io.tribunal.core.commit.Hash32;
import io.tribunal.core.commit.Keccak;
import io.tribunal.core.commit.TraceCommitment;
import io.tribunal.core.data.DatasetSplit;
import io.tribunal.core.model.TrainingConfig;
import io.tribunal.core.store.CheckpointStore;
import io.tribunal.core.store.Manifest;
import io.tribunal.core.tensor.Parallel;
import io.tribunal.core.train.TrainListener;
import io.tribunal.solver.daemon.JobTraining;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decorates honest training to produce a cheating commitment. Commitment-only cheats (wrong model
 * hash, bad trace) wrap the honest result; computational cheats run {@link PerturbedTrainer}, whose
 * checkpoints and manifest are consistent with the cheating trace, as a real cheat's would be (the
 * dispute game then has to find the bad step from the solver's own data).
 */
public final class CheatingTraining implements JobTraining {
  private static final Logger LOG = LoggerFactory.getLogger(CheatingTraining.class);
  private final JobTraining honest;
  private final Cheat cheat;

  public CheatingTraining(JobTraining honest, Cheat cheat) {
    this.honest = honest;
    this.cheat = cheat;
  }

  @Override
  public Commitment train(
      TrainingConfig config,
      DatasetSplit data,
      CheckpointStore store,
      Parallel parallel,
      TrainListener listener) {
    LOG.warn("CHEATING: {} at step {}", cheat.kind().configName(), cheat.step());
    return switch (cheat.kind()) {
      case WRONG_MODEL_HASH -> {
        Commitment c = honest.train(config, data, store, parallel, listener);
        yield withModelHash(c, Keccak.hash(("wrong-model:" + c.finalModelHash()).getBytes()));
      }
      case BAD_TRACE ->
          badTrace(honest.train(config, data, store, parallel, listener), config, store);
      default -> new PerturbedTrainer(config, data, store, parallel, listener, cheat).run();
    };
  }

  private static Commitment withModelHash(Commitment c, Hash32 model) {
    return new Commitment(
        c.traceRoot(), model, c.steps(), c.interval(), c.heldOutCorrect(), c.heldOutTotal());
  }

  /** The honest checkpoint hashes with every one from the cheat step on replaced. */
  private Commitment badTrace(Commitment c, TrainingConfig config, CheckpointStore store) {
    Manifest m = store.readManifest().orElseThrow();
    List<Hash32> hashes = new ArrayList<>();
    for (long s : TraceCommitment.checkpointSteps(config.steps(), config.interval())) {
      Hash32 h = Hash32.fromHex(m.at(s).orElseThrow().stateHash());
      hashes.add(s >= cheat.step() ? Keccak.hash(("bad-trace:" + h).getBytes()) : h);
    }
    Hash32 root =
        TraceCommitment.of(config.configHash(), config.steps(), config.interval(), hashes).root();
    return new Commitment(
        root,
        hashes.get(hashes.size() - 1),
        c.steps(),
        c.interval(),
        c.heldOutCorrect(),
        c.heldOutTotal());
  }
}
