package io.tribunal.bindings;

import java.util.Optional;

/**
 * The node says this transaction would revert, so it was never sent. {@link #revertData()} holds
 * the ABI-encoded custom error (selector first) when the node returns it.
 */
public final class TransactionRevertedException extends RuntimeException {
  private final String revertData;

  public TransactionRevertedException(String message, String revertData) {
    super("transaction would revert: " + named(message, unquote(revertData)));
    this.revertData = unquote(revertData);
  }

  /** The node's message, with the custom error named and decoded when the ABIs know it. */
  private static String named(String message, String data) {
    return CustomErrors.describe(data).orElseGet(() -> CustomErrors.decodeIn(message));
  }

  /** web3j hands the JSON-RPC {@code error.data} over as raw JSON: a quoted string. */
  private static String unquote(String data) {
    if (data == null) {
      return null;
    }
    String d = data.strip();
    if (d.length() >= 2 && d.startsWith("\"") && d.endsWith("\"")) {
      d = d.substring(1, d.length() - 1);
    }
    return d.isEmpty() || d.equals("null") ? null : d;
  }

  public Optional<String> revertData() {
    return Optional.ofNullable(revertData);
  }

  /** The 4-byte selector of the custom error, e.g. {@code 0x3ee5aeb5}, if the node returned one. */
  public Optional<String> errorSelector() {
    return revertData()
        .filter(d -> d.startsWith("0x") && d.length() >= 10)
        .map(d -> d.substring(0, 10));
  }
}
