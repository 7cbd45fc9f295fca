package io.tribunal.explorer.index;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SubmitCalldataTest {
  @Test
  void calldataThatIsNotASubmissionRevealsNothing() {
    String hash = "0x" + "ab".repeat(32);
    assertThat(SubmitCalldata.decode("0x", hash)).isEmpty();
    assertThat(SubmitCalldata.decode("0x12345678" + "00".repeat(32 * 11), hash)).isEmpty();
    assertThat(SubmitCalldata.decode("0x12345678" + "ff".repeat(32 * 20), hash)).isEmpty();
    assertThat(SubmitCalldata.decode("not hex", hash)).isEmpty();
  }
}
