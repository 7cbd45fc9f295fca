package io.tribunal.devnet.market;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tribunal.bindings.TransactionRevertedException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.web3j.crypto.Hash;

/** Asserts that a call is refused with one specific Solidity custom error. */
public final class Reverts {
  private Reverts() {}

  /**
   * The 4-byte selector of {@code signature}, e.g. {@code "JobMarket_AlreadyFinalized(bytes32)"}.
   */
  public static String selector(String errorSignature) {
    return Hash.sha3String(errorSignature).substring(0, 10);
  }

  /**
   * The call must fail before anything is sent (gas estimation sees the revert) with exactly this
   * custom error; returns the full revert data for argument checks.
   */
  public static String assertRevertsWith(ThrowingCallable call, String errorSignature) {
    TransactionRevertedException e = catchThrowableOfType(TransactionRevertedException.class, call);
    assertThat(e).as("expected revert with " + errorSignature).isNotNull();
    assertThat(e.errorSelector()).as(e.getMessage()).contains(selector(errorSignature));
    return e.revertData().orElseThrow();
  }
}
