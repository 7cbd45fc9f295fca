package io.tribunal.explorer.index;

import java.math.BigInteger;
import java.util.Map;

/**
 * The chain and the protocol's parameters.
 *
 * @param contracts contract name to address
 * @param challengeWindow seconds a committed job can be disputed; {@code randomnessDelay} in blocks
 * @param gameBond bond a challenger posts per game, {@code gameClock} seconds of each chess clock
 * @param timelockDelay the admin timelock's delay (s), never below {@code timelockFloor}
 * @param pausedUntil chain time until which the guardian paused settlements (0: not paused)
 * @param nextPauseAllowedAt chain time from which the guardian may pause again
 */
public record NetworkEntry(
    long chainId,
    Map<String, String> contracts,
    int decimals,
    long challengeWindow,
    long randomnessDelay,
    int verifierFeeBps,
    String treasury,
    BigInteger gameBond,
    long gameClock,
    BigInteger moveRefund,
    BigInteger minStake,
    long unbondingDelay,
    BigInteger minChannelDeposit,
    long channelChallengePeriod,
    long timelockDelay,
    long timelockFloor,
    long pausedUntil,
    long nextPauseAllowedAt) {
  public NetworkEntry {
    contracts = Map.copyOf(contracts);
  }

  public NetworkEntry withPause(long until, long next) {
    return new NetworkEntry(
        chainId,
        contracts,
        decimals,
        challengeWindow,
        randomnessDelay,
        verifierFeeBps,
        treasury,
        gameBond,
        gameClock,
        moveRefund,
        minStake,
        unbondingDelay,
        minChannelDeposit,
        channelChallengePeriod,
        timelockDelay,
        timelockFloor,
        until,
        next);
  }
}
