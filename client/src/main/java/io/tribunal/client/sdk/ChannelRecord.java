package io.tribunal.client.sdk;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.math.BigInteger;

/**
 * What the payer must remember about one channel. {@code signed} is a durable ceiling on every
 * cumulative amount it ever signed (its liability bound; raised on disk BEFORE any voucher above
 * the old value leaves the process, possibly reserved ahead for several requests) and {@code
 * acknowledged} the highest amount a server confirmed by answering. The next voucher is {@code
 * acknowledged + price}; re-signing a lower amount never raises the liability.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ChannelRecord(
    String channelId,
    String payer,
    String payee,
    String salt,
    long chainId,
    String contract,
    String server,
    BigInteger signed,
    BigInteger acknowledged) {

  public ChannelRecord withSigned(BigInteger s) {
    return new ChannelRecord(
        channelId, payer, payee, salt, chainId, contract, server, signed.max(s), acknowledged);
  }

  public ChannelRecord withAcknowledged(BigInteger a) {
    return new ChannelRecord(
        channelId,
        payer,
        payee,
        salt,
        chainId,
        contract,
        server,
        signed.max(a),
        acknowledged.max(a));
  }

  public ChannelRecord withServer(String url) {
    return new ChannelRecord(
        channelId, payer, payee, salt, chainId, contract, url, signed, acknowledged);
  }
}
