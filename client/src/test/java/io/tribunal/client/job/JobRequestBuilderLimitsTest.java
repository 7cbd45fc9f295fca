package io.tribunal.client.job;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A job the market would refuse fails locally, with every reason, before anything is signed. */
class JobRequestBuilderLimitsTest {
  @TempDir Path cache;

  private void build(String model, long steps, int batch, long commitWindow) {
    JobRequestBuilder.build(
        "0x" + "11".repeat(20),
        model,
        "mnist",
        steps,
        batch,
        "0.1",
        1,
        BigInteger.TEN,
        BigInteger.TEN,
        1_700_000_000L,
        3600,
        commitWindow,
        cache);
  }

  @Test
  void aWidthTheDisputeCannotProveIsRefusedBeforeTheDatasetIsEvenLoaded() {
    assertThatThrownBy(() -> build("mlp:784-20000-10", 64, 32, 86_400))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("width 20000 (layer 1) is wider than a dispute can prove");
  }

  @Test
  void zeroStepsAndATooShortCommitWindowAreBothNamed() {
    assertThatThrownBy(() -> build("mlp:784-128-10", 0, 32, 60))
        .hasMessageContaining("steps must be at least 1")
        .hasMessageContaining("the commit window is 60 s; a job of this size needs at least 600 s");
  }
}
