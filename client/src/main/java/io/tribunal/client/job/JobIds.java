package io.tribunal.client.job;

import io.tribunal.bindings.eip712.Bytes32;

/** Job ids typed by people: 0x + 64 hex digits, or a one-line usage error. */
final class JobIds {
  private JobIds() {}

  static Bytes32 parse(String text) {
    try {
      return Bytes32.fromHex(text);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not a job id (0x + 64 hex digits): " + text);
    }
  }
}
