package io.tribunal.solver.inference;

import java.math.BigInteger;
import java.time.Duration;

/**
 * When the server turns vouchers into tokens.
 *
 * @param claimThreshold claim a channel once its unclaimed amount reaches this (base units)
 * @param claimInterval claim any unclaimed amount at least this often
 * @param closeMarginSeconds close an open channel (with its best voucher) once it expires within
 *     this many seconds; must be below the acceptance safety margin so every accepted voucher is
 *     redeemed before expiry
 * @param tick how often the settler looks at the channels
 */
public record SettlementPolicy(
    BigInteger claimThreshold, Duration claimInterval, long closeMarginSeconds, Duration tick) {
  public SettlementPolicy {
    if (claimThreshold.signum() <= 0) {
      throw new IllegalArgumentException("claim threshold must be > 0");
    }
    if (closeMarginSeconds < 1) {
      throw new IllegalArgumentException("close margin must be >= 1 s");
    }
  }
}
