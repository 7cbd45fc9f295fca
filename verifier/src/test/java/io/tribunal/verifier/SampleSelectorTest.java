package io.tribunal.verifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.web3j.abi.TypeEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/** The verifier's sample: the documented formula, k distinct indices in range, spread evenly. */
class SampleSelectorTest {
  private static final String VERIFIER = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";

  @Test
  void followsKeccakOfAbiEncodeRandomnessVerifierCounter() {
    Random rnd = new Random(1);
    for (int t = 0; t < 50; t++) {
      byte[] randomness = new byte[32];
      rnd.nextBytes(randomness);
      long n = 1 + rnd.nextInt(5_000);
      int k = 1 + rnd.nextInt(12);
      List<Long> expected = new ArrayList<>();
      for (long j = 0; j < k; j++) {
        String enc =
            TypeEncoder.encode(new Bytes32(randomness))
                + TypeEncoder.encode(new Address(VERIFIER))
                + TypeEncoder.encode(new Uint256(j));
        BigInteger h = new BigInteger(1, Hash.sha3(Numeric.hexStringToByteArray(enc)));
        expected.add(h.mod(BigInteger.valueOf(n)).longValueExact());
      }
      assertThat(SampleSelector.sample(randomness, VERIFIER, n, k)).isEqualTo(expected);
    }
  }

  @Test
  void drawsKIndicesInRange_repeatsAllowedAsOnChain() {
    byte[] randomness = Hash.sha3(new byte[] {7});
    List<Long> s = SampleSelector.sample(randomness, VERIFIER, 1_000, 8);
    assertThat(s).hasSize(8).allMatch(i -> i >= 0 && i < 1_000);
    assertThat(SampleSelector.sample(randomness, VERIFIER, 5, 8))
        .hasSize(8)
        .allMatch(i -> i >= 0 && i < 5);
    assertThat(SampleSelector.sample(randomness, VERIFIER, 1_000, 8)).isEqualTo(s); // repeatable
    assertThat(SampleSelector.sample(randomness, "0x" + "11".repeat(20), 1_000, 8)).isNotEqualTo(s);
  }

  @Test
  void everyTransitionIsAboutEquallyLikelyToBeChecked() {
    Random rnd = new Random(2);
    int n = 64;
    int rounds = 4_000;
    int[] hits = new int[n];
    for (int t = 0; t < rounds; t++) {
      byte[] randomness = new byte[32];
      rnd.nextBytes(randomness);
      SampleSelector.sample(randomness, VERIFIER, n, 4).forEach(i -> hits[(int) (long) i]++);
    }
    double mean = rounds * 4.0 / n; // 250
    for (int i = 0; i < n; i++) {
      assertThat((double) hits[i]).as("transition " + i).isCloseTo(mean, within(mean * 0.3));
    }
  }

  @Test
  void detectionProbabilityIsOneMinusMissingEveryCheatedTransition() {
    assertThat(VerifierConfig.detectionProbability(0.01, 8))
        .isCloseTo(1 - Math.pow(0.99, 8), within(1e-12));
    assertThat(VerifierConfig.detectionProbability(1.0, 1)).isEqualTo(1.0);
    assertThat(VerifierConfig.detectionProbability(0.0, 100)).isEqualTo(0.0);
  }
}
