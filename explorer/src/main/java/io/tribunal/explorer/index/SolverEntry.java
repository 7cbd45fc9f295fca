package io.tribunal.explorer.index;

import java.math.BigInteger;

/**
 * A staked operator and its record on the market.
 *
 * @param roles the registry's role bits: 1 solver, 2 verifier, 4 challenger
 * @param active active stake (locked included), {@code locked} the part locked as collateral,
 *     {@code free} what is neither locked nor unbonding
 * @param jobsClaimed jobs it claimed, {@code jobsFinalized} of those paid out, {@code jobsCheated}
 *     of those proven wrong, {@code jobsRefunded} of those refunded (not committed in time)
 * @param disputesWon games it won as the solver, {@code disputesLost} games it lost as the solver
 * @param slashes stake locks released with a slash, {@code slashed} their total
 * @param reputation see {@link Reputation}; -1 when it has no settled job yet
 */
public record SolverEntry(
    String address,
    int roles,
    String endpoint,
    BigInteger pricePerStep,
    BigInteger pricePerInferenceUnit,
    BigInteger active,
    BigInteger locked,
    BigInteger unbonding,
    BigInteger free,
    int jobsClaimed,
    int jobsFinalized,
    int jobsCheated,
    int jobsRefunded,
    int disputesWon,
    int disputesLost,
    int slashes,
    BigInteger slashed,
    double reputation) {

  public boolean solver() {
    return (roles & 1) != 0;
  }
}
