package io.tribunal.solver.inference;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Who gets paid and where: the payee (this server's account), the PaymentChannels contract and its
 * chain, the token, and the acceptance margins. Published in every 402 and price answer.
 *
 * @param safetyMarginSeconds a voucher is refused when the channel expires sooner than this
 */
public record PaymentTerms(
    String payee, String channelContract, long chainId, String token, long safetyMarginSeconds) {
  public PaymentTerms {
    payee = payee.toLowerCase();
    channelContract = channelContract.toLowerCase();
    token = token.toLowerCase();
  }

  /** The JSON fields every price quote and 402 carry. */
  public Map<String, Object> quote(ServedModel model, BigInteger price, BigInteger pricePerMop) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("model", model.hash().hex());
    m.put("spec", model.spec().canonical());
    m.put("ops", model.ops());
    m.put("pricePerMillionOps", pricePerMop.toString());
    m.put("price", price.toString());
    m.put("payee", payee);
    m.put("channelContract", channelContract);
    m.put("chainId", chainId);
    m.put("token", token);
    m.put("minSecondsToExpiry", safetyMarginSeconds);
    return m;
  }
}
