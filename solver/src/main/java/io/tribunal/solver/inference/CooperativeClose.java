package io.tribunal.solver.inference;

import com.fasterxml.jackson.databind.JsonNode;
import io.tribunal.bindings.eip712.Bytes32;
import io.tribunal.bindings.eip712.EcdsaSignature;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code POST /v1/channels/{id}/close}: a cooperative close. The payer proves it owns the channel
 * by signing Voucher(channelId, 0); the signature is parsed before any chain read (bad input is a
 * 400), then checked against the channel's payer, and the settler closes with the best voucher
 * held.
 */
final class CooperativeClose {
  private final ChannelWatcher watcher;
  private final VoucherVerifier verifier;
  private final Settler settler;

  CooperativeClose(ChannelWatcher watcher, VoucherVerifier verifier, Settler settler) {
    this.watcher = watcher;
    this.verifier = verifier;
    this.settler = settler;
  }

  Map<String, Object> close(Bytes32 id, JsonNode body) {
    JsonNode sig = body.get("signature");
    if (sig == null || !sig.isTextual()) {
      throw ApiException.badRequest(
          "bad_signature",
          "signature must be the payer's 65-byte signature of Voucher(channelId, 0)");
    }
    EcdsaSignature s;
    try {
      s = EcdsaSignature.parseChecked(sig.asText()); // before any chain read: bad input is a 400
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("bad_signature", e.getMessage());
    }
    watcher.refresh();
    ChannelState ch =
        watcher
            .view()
            .get(id)
            .orElseThrow(
                () ->
                    new ApiException(
                        403, "unknown_channel", "no channel " + id.hex() + " to this payee"));
    if (ch.status() == ChannelState.Status.CLOSED) {
      throw new ApiException(410, "channel_closed", "channel " + id.hex() + " is closed");
    }
    verifier
        .check(id, BigInteger.ZERO, s, ch.payer())
        .ifPresent(
            e -> {
              throw e;
            });
    Settler.Closed closed = settler.closeNow(ch);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("channelId", id.hex());
    m.put("txHash", closed.txHash());
    m.put("paidToPayee", closed.paid().toString());
    m.put("cumulativeAmount", closed.cumulativeAmount().toString());
    return m;
  }
}
