package io.tribunal.solver.inference;

import io.tribunal.bindings.eip712.Bytes32;
import io.tribunal.core.train.ForwardPass;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the inference API answers, endpoint by endpoint, once a request is routed and its body read:
 * the health and model listings, prices, a paid forward pass, a channel's best voucher and a
 * model's checkpoint. Refusals are {@link ApiException}s.
 */
final class Endpoints {
  private final ModelRegistry models;
  private final PriceMeter meter;
  private final PaymentTerms terms;
  private final PaymentCheck gate;
  private final ChannelWatcher watcher;
  private final VoucherStore store;
  private final InferenceMetrics counters;

  Endpoints(InferenceServer.Parts parts) {
    this.models = parts.models();
    this.meter = parts.meter();
    this.terms = parts.terms();
    this.gate = parts.gate();
    this.watcher = parts.watcher();
    this.store = parts.store();
    this.counters = parts.metrics();
  }

  Map<String, Object> health() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("status", "ok");
    m.put("payee", terms.payee());
    m.put("channelContract", terms.channelContract());
    m.put("chainId", terms.chainId());
    m.put("models", models.all().size());
    return m;
  }

  List<Map<String, Object>> listModels() {
    return models.all().stream().map(this::quote).toList();
  }

  Map<String, Object> price(Bytes32 hash) {
    return quote(models.require(hash));
  }

  private Map<String, Object> quote(ServedModel m) {
    return terms.quote(m, meter.price(m.ops()), meter.pricePerMop());
  }

  Map<String, Object> infer(Bytes32 hash, RequestReader.InferRequest body) {
    ServedModel model = models.require(hash);
    int[] input = body.input(model.spec().inputWidth());
    BigInteger price = meter.price(model.ops());
    Optional<AcceptedVoucher> paid = gate.pay(body.payment(), price, () -> quote(model));
    int[] logits = model.forward().logits(input);
    paid.ifPresent(v -> counters.paid(price));
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("model", hash.hex());
    m.put("prediction", ForwardPass.argmax(logits));
    m.put("logits", logits);
    m.put("ops", model.ops());
    m.put("price", price.toString());
    m.put("voucher", paid.map(AcceptedVoucher::toJson).orElse(null));
    return m;
  }

  Map<String, Object> lastVoucher(Bytes32 id) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("channelId", id.hex());
    m.put("voucher", store.best(id).map(AcceptedVoucher::toJson).orElse(null));
    m.put("claimed", watcher.view().get(id).map(c -> c.claimed().toString()).orElse(null));
    return m;
  }

  byte[] checkpoint(Bytes32 hash) throws IOException {
    return Files.readAllBytes(
        models
            .checkpointFile(hash)
            .orElseThrow(
                () -> new ApiException(404, "unknown_model", "no checkpoint for " + hash.hex())));
  }
}
