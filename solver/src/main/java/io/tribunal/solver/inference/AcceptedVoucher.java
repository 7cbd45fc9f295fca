package io.tribunal.solver.inference;

import io.tribunal.bindings.eip712.Bytes32;
import io.tribunal.bindings.eip712.EcdsaSignature;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;

/** A checked voucher: everything {@code claim}/{@code close} need to redeem it on chain. */
public record AcceptedVoucher(
    Bytes32 channelId,
    String payer,
    Bytes32 salt,
    BigInteger cumulativeAmount,
    EcdsaSignature signature) {

  /** The JSON form the API returns and the store writes (amount as a decimal string). */
  public Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("channelId", channelId.hex());
    m.put("payer", payer);
    m.put("salt", salt.hex());
    m.put("cumulativeAmount", cumulativeAmount.toString());
    m.put("signature", signature.toHex());
    return m;
  }

  static AcceptedVoucher fromJson(Map<?, ?> m) {
    return new AcceptedVoucher(
        Bytes32.fromHex((String) m.get("channelId")),
        ((String) m.get("payer")).toLowerCase(),
        Bytes32.fromHex((String) m.get("salt")),
        new BigInteger((String) m.get("cumulativeAmount")),
        EcdsaSignature.fromHex((String) m.get("signature")));
  }
}
