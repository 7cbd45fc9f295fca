package io.tribunal.explorer.chain;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class HeldOutReaderTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aManifestResultBecomesAPercentageWithItsSampleCount() throws Exception {
    assertThat(
            HeldOutReader.figure(JSON.readTree("{\"heldOutCorrect\":1940,\"heldOutTotal\":2000}")))
        .isEqualTo("97.00% of 2000");
    assertThat(HeldOutReader.figure(JSON.readTree("{\"heldOutCorrect\":1,\"heldOutTotal\":3}")))
        .isEqualTo("33.33% of 3");
  }

  @Test
  void aResultWithoutAHeldOutSetOrWithImpossibleCountsIsNotAFigure() throws Exception {
    assertThat(HeldOutReader.figure(JSON.readTree("{}"))).isEmpty();
    assertThat(HeldOutReader.figure(JSON.readTree("{\"heldOutCorrect\":5,\"heldOutTotal\":0}")))
        .isEmpty();
    assertThat(HeldOutReader.figure(JSON.readTree("{\"heldOutCorrect\":5,\"heldOutTotal\":4}")))
        .isEmpty();
    assertThat(HeldOutReader.figure(JSON.readTree("{\"heldOutCorrect\":-1,\"heldOutTotal\":4}")))
        .isEmpty();
  }

  @Test
  void aServerOutsideHttpIsNoFigureAndAnUnreachableOneIsTriedAgain() {
    HeldOutReader r = new HeldOutReader();
    assertThat(r.read("ftp://example.invalid", "0x" + "1".repeat(64))).hasValue("");
    assertThat(r.read("http://127.0.0.1:1", "0x" + "1".repeat(64))).isEmpty();
  }
}
