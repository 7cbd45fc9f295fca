package io.tribunal.solver.inference;

import io.tribunal.bindings.eip712.Bytes32;
import io.tribunal.bindings.eip712.EcdsaSignature;
import io.tribunal.bindings.eip712.Eip712Domain;
import io.tribunal.bindings.eip712.Voucher;
import io.tribunal.client.sdk.ChannelBook;
import io.tribunal.client.sdk.ChannelRecord;
import io.tribunal.client.sdk.PaidInference;
import io.tribunal.devnet.testing.AnvilExtension;
import io.tribunal.devnet.testing.Devnet;
import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;

/**
 * Benchmarks, off by default: {@code mvn -pl solver verify -Dtribunal.bench=true
 * -Dit.test=InferenceBenchIT}. Prints lines starting with {@code [bench]}; asserts nothing.
 */
@ExtendWith(AnvilExtension.class)
@EnabledIfSystemProperty(named = "tribunal.bench", matches = "true")
class InferenceBenchIT {
  @TempDir Path dir;

  @Test
  void voucherChecksPerSecondPerCore() throws Exception {
    Eip712Domain domain = Eip712Domain.paymentChannels(31337, "0x" + "ab".repeat(20));
    Credentials payer = Credentials.create(Keys.createEcKeyPair());
    Bytes32 id = Bytes32.keccakOf("bench");
    int n = 2000;
    EcdsaSignature[] sigs = new EcdsaSignature[n];
    for (int i = 0; i < n; i++) {
      sigs[i] = new Voucher(id, BigInteger.valueOf(i + 1)).sign(domain, payer);
    }
    for (SignatureRecovery r : List.of(new Web3jRecovery(), new NativeRecovery())) {
      VoucherVerifier v = new VoucherVerifier(domain, r);
      run(v, sigs, id, payer, 3_000); // warm-up
      int count = r instanceof NativeRecovery ? 60_000 : 15_000;
      long t0 = System.nanoTime();
      run(v, sigs, id, payer, count);
      double perSec = count / ((System.nanoTime() - t0) / 1e9);
      System.out.printf("[bench] voucher checks/s, 1 thread, %s: %.0f%n", r.name(), perSec);
    }
  }

  private static void run(
      VoucherVerifier v, EcdsaSignature[] sigs, Bytes32 id, Credentials payer, int count) {
    for (int i = 0; i < count; i++) {
      int k = i % sigs.length;
      if (v.check(id, BigInteger.valueOf(k + 1), sigs[k], payer.getAddress()).isPresent()) {
        throw new AssertionError("bad voucher in the benchmark");
      }
    }
  }

  @Test
  void paidInferencesPerSecondEndToEndAndPaymentLatency(Devnet devnet) throws Exception {
    World world = World.create(devnet, dir);
    Credentials payee = world.freshAccount(1, 0);
    try (InferenceNode node = world.startNode(payee, dir.resolve("node"), World.usd(1_000_000))) {
      URI url = URI.create("http://127.0.0.1:" + node.port());
      int threads = Integer.getInteger("tribunal.bench.clients", 4);
      int perThread = Integer.getInteger("tribunal.bench.requests", 2_000);
      List<PaidInference> clients = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        Credentials payer = world.freshAccount(1, 100);
        ChannelBook book = new ChannelBook(dir.resolve("payer-" + t));
        ChannelRecord ch = world.openChannel(payer, payee.getAddress(), World.usd(50), book);
        PaidInference c = new PaidInference(book, ch.channelId(), payer);
        c.infer(url, world.modelHash, world.data.heldOut().features().row(t)); // learn the price
        clients.add(c);
      }
      AtomicLongArray lat = new AtomicLongArray(threads * perThread);
      long t0 = System.nanoTime();
      List<Thread> ts = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int tt = t;
        ts.add(
            Thread.ofPlatform()
                .start(
                    () -> {
                      for (int i = 0; i < perThread; i++) {
                        long s = System.nanoTime();
                        clients
                            .get(tt)
                            .infer(
                                url,
                                world.modelHash,
                                world.data.heldOut().features().row(i % 1000));
                        lat.set(tt * perThread + i, System.nanoTime() - s);
                      }
                    }));
      }
      for (Thread t : ts) {
        t.join();
      }
      double secs = (System.nanoTime() - t0) / 1e9;
      long[] l = new long[lat.length()];
      for (int i = 0; i < l.length; i++) {
        l[i] = lat.get(i);
      }
      Arrays.sort(l);
      System.out.printf(
          "[bench] paid inferences/s end to end (SDK clients incl. signing + client fsync), %d clients: %.0f (p50 %.2f ms, p99 %.2f ms)%n",
          threads, l.length / secs, l[l.length / 2] / 1e6, l[l.length * 99 / 100] / 1e6);
    }
  }
}
