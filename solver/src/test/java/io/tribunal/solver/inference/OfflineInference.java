package io.tribunal.solver.inference;

import io.tribunal.bindings.eip712.Bytes32;
import io.tribunal.bindings.eip712.Eip712Domain;
import io.tribunal.core.model.Initializer;
import io.tribunal.core.model.MlpSpec;
import io.tribunal.core.model.ModelState;
import io.tribunal.core.store.CheckpointStore;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/**
 * An inference API with no chain behind it, for HTTP tests: real models, prices, terms and payment
 * checks up to the first chain read (the channel watcher has no node: a request that reaches it
 * fails loudly, which a test asserting a 4xx before that point then catches).
 */
final class OfflineInference implements AutoCloseable {
  static final long CHAIN = 31337;
  static final String CHANNELS = "0x" + "ab".repeat(20);
  static final String PAYEE = "0x" + "cd".repeat(20);
  static final String TOKEN = "0x" + "ef".repeat(20);
  static final Eip712Domain DOMAIN = Eip712Domain.paymentChannels(CHAIN, CHANNELS);

  final InferenceServer.Parts parts;
  private final VoucherStore store;

  OfflineInference(Path modelsDir, Path dataDir, Predicate<Bytes32> finalized) {
    PaymentTerms terms = new PaymentTerms(PAYEE, CHANNELS, CHAIN, TOKEN, 1800);
    ChannelWatcher watcher = new ChannelWatcher(null, CHANNELS, PAYEE, 0, 1, new ChannelView());
    this.store = VoucherStore.open(dataDir.resolve("vouchers.log"));
    VoucherVerifier verifier = new VoucherVerifier(DOMAIN, new Web3jRecovery());
    InferenceMetrics metrics = InferenceMetrics.unexported();
    this.parts =
        new InferenceServer.Parts(
            new ModelRegistry(modelsDir, List.of(), finalized),
            new PriceMeter(BigInteger.valueOf(1000)),
            terms,
            new PaymentGate(terms, watcher, verifier, store, () -> {}),
            watcher,
            store,
            verifier,
            new Settler(
                null,
                watcher,
                store,
                new SettlementPolicy(
                    BigInteger.ONE, Duration.ofHours(1), 600, Duration.ofSeconds(1)),
                metrics),
            metrics);
  }

  /**
   * An untrained mlp:784-16-10 saved where a registry picks up loose checkpoints ({@code
   * modelsDir/fetched}); its model hash.
   */
  static Bytes32 addModel(Path modelsDir, long seed) {
    ModelState state =
        new ModelState(0, Initializer.initialParameters(MlpSpec.parse("mlp:784-16-10"), seed));
    CheckpointStore.open(modelsDir.resolve("fetched"), false).save(state);
    return ServedModel.of(state).hash();
  }

  @Override
  public void close() {
    store.close();
  }
}
