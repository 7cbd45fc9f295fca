package io.tribunal.client.sdk;

import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;

/**
 * Voucher signatures per second on one thread, the three ways side by side. Off by default: {@code
 * mvn -pl client test -Dtribunal.bench=true -Dtest=VoucherSignerBench}. Prints {@code [bench]}
 * lines; asserts nothing.
 */
@EnabledIfSystemProperty(named = "tribunal.bench", matches = "true")
class VoucherSignerBench {
  @Test
  void signaturesPerSecond() throws Exception {
    ECKeyPair key = Keys.createEcKeyPair();
    VoucherSigner nativeSigner = VoucherSigner.of(key);
    VoucherSigner web3j = VoucherSigner.web3j(key);
    byte[][] digests = new byte[1024][32];
    Random rnd = new Random(1);
    for (byte[] d : digests) {
      rnd.nextBytes(d);
    }
    record Way(String name, Function<byte[], Object> sign, int count) {}
    List<Way> ways =
        List.of(
            new Way(
                "native (k·G by libsecp256k1, recovery id computed)", nativeSigner::sign, 40_000),
            new Way("libsecp256k1 sign + one recovery", nativeSigner::signByRecovery, 40_000),
            new Way("web3j / Bouncy Castle", web3j::sign, 4_000));
    for (int round = 0; round < 2; round++) { // the first round is warm-up
      for (Way w : ways) {
        long t0 = System.nanoTime();
        for (int i = 0; i < w.count(); i++) {
          w.sign().apply(digests[i & 1023]);
        }
        double perSec = w.count() / ((System.nanoTime() - t0) / 1e9);
        if (round == 1) {
          System.out.printf("[bench] voucher signatures/s, 1 thread, %s: %.0f%n", w.name(), perSec);
        }
      }
    }
  }
}
