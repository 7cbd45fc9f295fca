package io.tribunal.e2e.inference;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tribunal.bindings.eip712.Bytes32;
import io.tribunal.bindings.eip712.EcdsaSignature;
import io.tribunal.bindings.eip712.Eip712Domain;
import io.tribunal.bindings.eip712.Voucher;
import io.tribunal.client.sdk.ChannelBook;
import io.tribunal.client.sdk.ChannelRecord;
import io.tribunal.client.sdk.JsonHttp;
import io.tribunal.client.sdk.PaidInference;
import io.tribunal.devnet.testing.AnvilExtension;
import io.tribunal.devnet.testing.Devnet;
import io.tribunal.solver.inference.InferenceNode;
import io.tribunal.solver.inference.NativeRecovery;
import io.tribunal.solver.inference.SignatureRecovery;
import io.tribunal.solver.inference.VoucherVerifier;
import io.tribunal.solver.inference.Web3jRecovery;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;

/**
 * Benchmarks, off by default: {@code mvn -pl client,solver,e2e verify -Dtribunal.bench=true
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

  /**
   * The same model served twice by the same server code: once with payment (PaymentGate) and once
   * with the payment check replaced by "free" (benchmark-only seam). Paid requests go through the
   * SDK (native signing, reserved ceiling); free ones through the same JDK HttpClient and JSON
   * shapes, without a payment field. Rounds alternate free/paid so load drift hits both alike.
   */
  @Test
  void paidInferencesPerSecondEndToEndAndPaymentLatency(Devnet devnet) throws Exception {
    World world = World.create(devnet, dir);
    Credentials payee = world.freshAccount(1, 0);
    int total = Integer.getInteger("tribunal.bench.requests", 32_000);
    int warmup = Integer.getInteger("tribunal.bench.warmup", 16_000);
    String sweep = System.getProperty("tribunal.bench.clients", "4,16");
    try (InferenceNode paidNode =
            world.startNode(payee, dir.resolve("paid"), World.usd(1_000_000));
        InferenceNode freeNode =
            world.startUnpaidNode(payee, dir.resolve("free"), World.usd(1_000_000))) {
      URI paidUrl = URI.create("http://127.0.0.1:" + paidNode.port());
      URI freeUrl = URI.create("http://127.0.0.1:" + freeNode.port());
      for (String c : sweep.split(",")) {
        int threads = Integer.parseInt(c.strip());
        List<Caller> paid = new ArrayList<>();
        List<Caller> free = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          Credentials payer = world.freshAccount(1, 100);
          ChannelBook book = new ChannelBook(dir.resolve("payer-" + threads + "-" + t));
          ChannelRecord ch = world.openChannel(payer, payee.getAddress(), World.usd(50), book);
          PaidInference sdk = new PaidInference(book, ch.channelId(), payer);
          paid.add(input -> sdk.infer(paidUrl, world.modelHash, input));
          free.add(new FreeCaller(freeUrl, world.modelHash));
        }
        int[][] inputs = new int[1000][];
        for (int i = 0; i < inputs.length; i++) {
          inputs[i] = world.data.heldOut().features().row(i);
        }
        // warm-up until the JIT is done with the hot paths: rounds of both modes until one spends
        // under 2% of its time compiling (at most 12 rounds); the line below shows what is left
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        for (int round = 0; round < 12; round++) {
          long compiled = jit.getTotalCompilationTime();
          long t0 = System.nanoTime();
          run(free, inputs, Math.max(threads * 50, warmup / 4));
          run(paid, inputs, Math.max(threads * 50, warmup / 4));
          long wallMs = (System.nanoTime() - t0) / 1_000_000;
          if (round >= 3 && jit.getTotalCompilationTime() - compiled < wallMs / 50) {
            break;
          }
        }
        long jitBefore = jit.getTotalCompilationTime();
        Sample freeRun = new Sample();
        Sample paidRun = new Sample();
        long[] before = paidNode.store().stats();
        for (int round = 0; round < 4; round++) {
          freeRun.add(run(free, inputs, total / 4));
          paidRun.add(run(paid, inputs, total / 4));
        }
        long[] after = paidNode.store().stats();
        report(threads, paidRun, freeRun);
        System.out.printf(
            "[bench] JIT compile time during the timed rounds, %d clients: %d ms of %.1f s%n",
            threads,
            jit.getTotalCompilationTime() - jitBefore,
            (paidRun.wallNanos + freeRun.wallNanos) / 1e9);
        long syncs = after[0] - before[0];
        long vouchers = after[1] - before[1];
        System.out.printf(
            "[bench] voucher log, %d clients: %.0f fsyncs/s for %.0f paid requests/s (%.2f"
                + " vouchers per fsync, mean fsync %.3f ms)%n",
            threads,
            syncs / (paidRun.wallNanos / 1e9),
            vouchers / (paidRun.wallNanos / 1e9),
            (double) vouchers / Math.max(1, syncs),
            (after[2] - before[2]) / 1e6 / Math.max(1, syncs));
      }
    }
  }

  private static void report(int threads, Sample paid, Sample free) {
    System.out.printf(
        "[bench] paid inferences/s end to end (SDK clients incl. signing + client persistence),"
            + " %d clients: %.0f (p50 %.2f ms, p99 %.2f ms)%n",
        threads, paid.rate(), paid.pct(50), paid.pct(99));
    System.out.printf(
        "[bench] same model, same server, no payment, %d clients: %.0f/s (p50 %.2f ms, p99 %.2f"
            + " ms)%n",
        threads, free.rate(), free.pct(50), free.pct(99));
    System.out.printf(
        "[bench] latency added by payment (paid - free), %d clients: p50 %+.2f ms, p99 %+.2f ms%n",
        threads, paid.pct(50) - free.pct(50), paid.pct(99) - free.pct(99));
  }

  /** One client's way to run one inference. */
  private interface Caller {
    void call(int[] input);
  }

  /** A non-paying client with the SDK's transport ({@link JsonHttp}) and JSON shapes. */
  private static final class FreeCaller implements Caller {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final JsonHttp http = new JsonHttp(Duration.ofSeconds(5), Duration.ofSeconds(60), 1);
    private final URI uri;

    FreeCaller(URI server, Bytes32 model) {
      this.uri = server.resolve("/v1/models/" + model.hex() + "/infer");
    }

    @Override
    public void call(int[] input) {
      try {
        ByteArrayOutputStream out = new ByteArrayOutputStream(8 * input.length + 64);
        try (JsonGenerator g = JSON.getFactory().createGenerator(out)) {
          g.writeStartObject();
          g.writeArrayFieldStart("input");
          for (int v : input) {
            g.writeNumber(v);
          }
          g.writeEndArray();
          g.writeEndObject();
        }
        JsonHttp.Reply r = http.post(uri, out.toByteArray());
        JsonNode json = JSON.readTree(r.body());
        if (r.status() != 200 || !json.has("prediction")) {
          throw new AssertionError("free request failed: " + r.status() + " " + json);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** Latencies (ns) and wall time of one or more timed runs. */
  private static final class Sample {
    private final List<long[]> runs = new ArrayList<>();
    private long wallNanos;
    private int count;

    void add(Sample other) {
      runs.addAll(other.runs);
      wallNanos += other.wallNanos;
      count += other.count;
    }

    double rate() {
      return count / (wallNanos / 1e9);
    }

    double pct(int p) {
      long[] all = runs.stream().flatMapToLong(Arrays::stream).sorted().toArray();
      return all[Math.min(all.length - 1, (int) ((long) all.length * p / 100))] / 1e6;
    }
  }

  /** {@code n} requests spread over the callers, one thread each, all at once. */
  private static Sample run(List<Caller> callers, int[][] inputs, int n) throws Exception {
    int per = Math.max(1, n / callers.size());
    long[] lat = new long[per * callers.size()];
    List<Thread> ts = new ArrayList<>();
    long t0 = System.nanoTime();
    for (int t = 0; t < callers.size(); t++) {
      int tt = t;
      ts.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    for (int i = 0; i < per; i++) {
                      long s = System.nanoTime();
                      callers.get(tt).call(inputs[(tt * per + i) % inputs.length]);
                      lat[tt * per + i] = System.nanoTime() - s;
                    }
                  }));
    }
    for (Thread t : ts) {
      t.join();
    }
    Sample out = new Sample();
    out.wallNanos = System.nanoTime() - t0;
    out.count = lat.length;
    out.runs.add(lat);
    return out;
  }
}
