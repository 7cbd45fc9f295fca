package io.tribunal.solver.inference;

import io.tribunal.bindings.eip712.Bytes32;
import java.math.BigInteger;

/**
 * One channel to this payee as the chain reported it at the view's confirmation depth. While {@code
 * CLOSING}, {@code expiry} is the end of the challenge period (as on chain).
 */
public record ChannelState(
    Bytes32 id,
    String payer,
    Bytes32 salt,
    BigInteger deposit,
    BigInteger claimed,
    long expiry,
    Status status) {

  /** PaymentChannels.Status, minus None (unknown channels are simply absent). */
  public enum Status {
    OPEN,
    CLOSING,
    CLOSED
  }

  ChannelState withDeposit(BigInteger d) {
    return new ChannelState(id, payer, salt, d, claimed, expiry, status);
  }

  ChannelState withClaimed(BigInteger c) {
    return new ChannelState(id, payer, salt, deposit, c.max(claimed), expiry, status);
  }

  ChannelState withExpiry(long e) {
    return new ChannelState(id, payer, salt, deposit, claimed, e, status);
  }

  ChannelState withStatus(Status s, long e) {
    return new ChannelState(id, payer, salt, deposit, claimed, e, s);
  }
}
