package io.tribunal.explorer.index;

import io.tribunal.bindings.generated.StakeRegistry;
import java.util.Optional;
import org.web3j.protocol.core.methods.response.Log;

/**
 * Applies the StakeRegistry's events to the operators of a {@link Ledger}: metadata from {@code
 * OperatorUpdated}, slashes from {@code LockReleased}. Balances come from the registry's {@code
 * stakeOf} view, read for every operator this returns.
 */
public final class RegistryEvents {
  private static final Topics TOPICS =
      new Topics(
          StakeRegistry.STAKED_EVENT,
          StakeRegistry.UNSTAKEREQUESTED_EVENT,
          StakeRegistry.WITHDRAWN_EVENT,
          StakeRegistry.OPERATORUPDATED_EVENT,
          StakeRegistry.STAKELOCKED_EVENT,
          StakeRegistry.LOCKRELEASED_EVENT);

  private final Ledger ledger;

  public RegistryEvents(Ledger ledger) {
    this.ledger = ledger;
  }

  /** Applies one registry log; returns the operator whose stake may have changed. */
  public Optional<String> apply(Log log) {
    String name = TOPICS.of(log);
    return switch (name) {
      case "OperatorUpdated" -> {
        var e = StakeRegistry.getOperatorUpdatedEventFromLog(log);
        Ledger.Operator o = ledger.operator(Hex.address(e.operator));
        o.roles = e.roles.intValueExact();
        o.endpoint = e.endpoint;
        o.pricePerStep = e.pricePerStep;
        o.pricePerInferenceUnit = e.pricePerInferenceUnit;
        yield Optional.of(Hex.address(e.operator));
      }
      case "LockReleased" -> {
        var e = StakeRegistry.getLockReleasedEventFromLog(log);
        String a = Hex.address(e.operator);
        if (e.slashed.signum() > 0) {
          Ledger.Operator o = ledger.operator(a);
          o.slashes++;
          o.slashed = o.slashed.add(e.slashed);
        }
        yield Optional.of(a);
      }
      case "StakeLocked" ->
          Optional.of(Hex.address(StakeRegistry.getStakeLockedEventFromLog(log).operator));
      case "Staked", "UnstakeRequested", "Withdrawn" ->
          Optional.of(Hex.address("0x" + log.getTopics().get(1).substring(26)));
      default -> Optional.empty();
    };
  }
}
