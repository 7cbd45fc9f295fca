package io.tribunal.solver.inference;

import io.tribunal.bindings.eip712.Bytes32;
import io.tribunal.core.store.CheckpointStore;
import io.tribunal.core.store.CorruptCheckpointException;
import io.tribunal.core.store.Manifest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The models this server can serve, by on-chain model hash. Sources, in order: finished training
 * runs under the models directory (core checkpoint stores: the final checkpoint of each {@code
 * manifest.json}), checkpoints fetched earlier into {@code DIR/fetched}, and peers' {@code GET
 * /v1/models/{hash}/checkpoint}. Every checkpoint is re-hashed on load: a model is served under a
 * hash only if core's state hash of its parameters equals it, and only if JobMarket finalized a job
 * with that model hash.
 *
 * <p>Runs that finish later (the solver daemon keeps training) are found by a rescan of the
 * directory when a request names a model that is not loaded or lists the models, at most once per
 * {@link #RESCAN_EVERY}; a run that cannot be loaded then is logged and skipped, not served.
 */
public final class ModelRegistry {
  /** Least time between two rescans triggered by unknown models. */
  public static final Duration RESCAN_EVERY = Duration.ofMillis(250);

  private static final Logger LOG = LoggerFactory.getLogger(ModelRegistry.class);

  private final Path dir;
  private final PeerCheckpoints peers;
  private final Predicate<Bytes32> finalizedOnChain;
  private final Map<Bytes32, ServedModel> models = new ConcurrentHashMap<>();
  private final Map<Bytes32, Path> files = new ConcurrentHashMap<>();
  private final Set<Path> loadedRuns = ConcurrentHashMap.newKeySet();
  private long lastScanNanos;

  public ModelRegistry(Path dir, List<URI> peers, Predicate<Bytes32> finalizedOnChain) {
    this.dir = dir;
    this.peers = new PeerCheckpoints(CheckpointStore.open(dir.resolve("fetched"), true), peers);
    this.finalizedOnChain = finalizedOnChain;
    scan();
  }

  /** Loads every finished run under the directory (the directory itself and its children). */
  private void scan() {
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException("models directory not found: " + dir);
    }
    loadRun(dir);
    try (Stream<Path> children = Files.list(dir)) {
      // a broken run is logged and skipped: in the solver daemon one bad job directory must not
      // stop the daemon (and its dispute defence) from starting
      children.filter(Files::isDirectory).sorted().forEach(this::loadRunOrWarn);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
    loadedRuns.add(dir.resolve("fetched")); // fetched models are added as they arrive
    lastScanNanos = System.nanoTime();
  }

  /** Loads runs that finished since the last scan; at most once per {@link #RESCAN_EVERY}. */
  private synchronized void rescanIfDue() {
    if (System.nanoTime() - lastScanNanos < RESCAN_EVERY.toNanos()) {
      return;
    }
    lastScanNanos = System.nanoTime();
    try (Stream<Path> children = Files.list(dir)) {
      for (Path run : children.filter(Files::isDirectory).sorted().toList()) {
        if (loadedRuns.contains(run)) {
          continue;
        }
        int before = models.size();
        loadRunOrWarn(run);
        if (models.size() > before) {
          LOG.info("serving the model of {}", run.getFileName());
        }
      }
    } catch (IOException e) {
      LOG.warn("cannot rescan {}: {}", dir, e.getMessage());
    }
  }

  private void loadRunOrWarn(Path runDir) {
    try {
      loadRun(runDir);
    } catch (RuntimeException e) {
      String why = String.valueOf(e.getMessage());
      LOG.warn("not serving run {}: {}", runDir, why.lines().findFirst().orElse(why));
    }
  }

  private void loadRun(Path runDir) {
    CheckpointStore store = CheckpointStore.open(runDir, false);
    Optional<Manifest> manifest = store.readManifest();
    if (manifest.isEmpty() || manifest.get().result() == null) {
      loadLooseCheckpoints(store, runDir);
      return;
    }
    Manifest m = manifest.get();
    Manifest.CheckpointEntry last =
        m.at(m.config().steps())
            .orElseThrow(() -> new CorruptCheckpointException(runDir, "no final checkpoint"));
    add(store, last.file(), Optional.of(Bytes32.fromHex(m.result().finalStateHash())));
    loadedRuns.add(runDir);
  }

  /** The {@code fetched} store has no manifest: every checkpoint in it is a model. */
  private void loadLooseCheckpoints(CheckpointStore store, Path runDir) {
    Path ckpts = runDir.resolve("checkpoints");
    if (!runDir.getFileName().toString().equals("fetched") || !Files.isDirectory(ckpts)) {
      return;
    }
    try (Stream<Path> list = Files.list(ckpts)) {
      list.map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".ckpt"))
          .forEach(n -> add(store, n, Optional.empty()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + ckpts, e);
    }
  }

  private ServedModel add(CheckpointStore store, String file, Optional<Bytes32> expected) {
    ServedModel model = ServedModel.of(store.load(file));
    if (expected.isPresent() && !expected.get().equals(model.hash())) {
      throw new CorruptCheckpointException(
          store.fileOf(file), "state hash differs from the manifest's final state hash");
    }
    models.put(model.hash(), model);
    files.put(model.hash(), store.fileOf(file));
    return model;
  }

  /**
   * Every model here, after loading runs that finished since the last scan (rate-limited as for
   * {@link #require}): a client listing models names no hash, so without this a run finishing after
   * start (every run of the solver daemon) would never be listed.
   */
  public List<ServedModel> all() {
    rescanIfDue();
    return models.values().stream()
        .sorted((a, b) -> a.hash().hex().compareTo(b.hash().hex()))
        .toList();
  }

  /**
   * The model named by {@code hash}, fetched from a peer when missing; 404 when nobody has it, 403
   * when the chain has no finalized job for it.
   */
  public ServedModel require(Bytes32 hash) {
    ServedModel m = models.get(hash);
    if (m == null) {
      rescanIfDue();
      m = models.get(hash);
    }
    if (m == null) {
      m = fetch(hash).orElse(null);
    }
    if (m == null) {
      throw new ApiException(404, "unknown_model", "no model with hash " + hash.hex() + " here");
    }
    if (!finalizedOnChain.test(hash)) {
      throw new ApiException(
          403, "model_not_finalized", "JobMarket has no finalized job for model " + hash.hex());
    }
    return m;
  }

  /** The checkpoint file of a local model, for peers that fetch it. */
  public Optional<Path> checkpointFile(Bytes32 hash) {
    return Optional.ofNullable(files.get(hash));
  }

  private synchronized Optional<ServedModel> fetch(Bytes32 hash) {
    if (models.containsKey(hash)) {
      return Optional.of(models.get(hash));
    }
    Optional<PeerCheckpoints.Fetched> f = peers.fetch(hash);
    f.ifPresent(
        got -> {
          models.put(hash, got.model());
          files.put(hash, got.file());
        });
    return f.map(PeerCheckpoints.Fetched::model);
  }
}
