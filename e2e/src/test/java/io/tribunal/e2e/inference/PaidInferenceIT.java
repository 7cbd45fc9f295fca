package io.tribunal.e2e.inference;

import static org.assertj.core.api.Assertions.assertThat;

import io.tribunal.bindings.eip712.Bytes32;
import io.tribunal.client.channel.ChannelOps;
import io.tribunal.client.sdk.ChannelBook;
import io.tribunal.client.sdk.ChannelRecord;
import io.tribunal.client.sdk.PaidInference;
import io.tribunal.core.data.Dataset;
import io.tribunal.core.store.CheckpointStore;
import io.tribunal.core.tensor.Tensor;
import io.tribunal.core.train.Evaluator;
import io.tribunal.core.train.ForwardPass;
import io.tribunal.devnet.kit.AnvilRpc;
import io.tribunal.devnet.testing.AnvilExtension;
import io.tribunal.devnet.testing.Devnet;
import io.tribunal.solver.inference.InferenceNode;
import io.tribunal.solver.inference.ServedModel;
import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;

/**
 * Paid inference end to end on anvil: a model trained with core and finalized through JobMarket,
 * served by the inference server, paid through a payment channel by the client SDK.
 */
@ExtendWith(AnvilExtension.class)
class PaidInferenceIT {
  static final BigInteger PRICE = BigInteger.valueOf(13); // ceil(12,746 ops × 1000 / 10^6)

  @TempDir static Path dir;
  static World world;

  @BeforeAll
  static void trainAndFinalize(Devnet devnet) throws Exception {
    world = World.create(devnet, dir);
  }

  @Test
  void thousandPaidInferencesMatchCoreBitForBitWithExactlyThreeTransactions() throws Exception {
    Credentials payee = world.solver;
    Credentials payer = world.freshAccount(1, 10);
    BigInteger deposit = World.usd(1);
    BigInteger total = PRICE.multiply(BigInteger.valueOf(1000));
    String contract = world.devnet.deployment().address("PaymentChannels");
    BigInteger payeeBefore = world.balance(payee.getAddress());
    BigInteger payerBefore = world.balance(payer.getAddress());
    BigInteger contractBefore = world.balance(contract);
    try (InferenceNode node = world.startNode(payee, dir.resolve("node-1"), total)) {
      URI url = URI.create("http://127.0.0.1:" + node.port());
      ChannelBook book = new ChannelBook(dir.resolve("payer-1"));
      long firstBlock = world.chain().blockNumber().longValueExact() + 1;
      ChannelRecord ch = world.openChannel(payer, payee.getAddress(), deposit, book);
      PaidInference client = new PaidInference(book, ch.channelId(), payer);

      Dataset held = world.data.heldOut();
      int n = 1000;
      int[][] rows = new int[n][];
      int[] labels = new int[n];
      int[][] served = new int[n][];
      int servedCorrect = 0;
      for (int i = 0; i < n; i++) {
        rows[i] = held.features().row(i * 2);
        labels[i] = held.label(i * 2);
        PaidInference.Result r = client.infer(url, world.modelHash, rows[i]);
        served[i] = r.logits();
        servedCorrect += r.prediction() == labels[i] ? 1 : 0;
        assertThat(r.cumulativeAmount()).isEqualTo(PRICE.multiply(BigInteger.valueOf(i + 1)));
      }

      // core's own local inference: the trainer's checkpoint, a 1000-row batch, core's ops
      var store = CheckpointStore.open(world.modelsDir.resolve("run"), false);
      var state =
          store.load(store.readManifest().orElseThrow().at(World.STEPS).orElseThrow().file());
      var spec = ServedModel.specOf(state.parameters());
      Tensor local = ForwardPass.logits(spec, state.parameters(), Tensor.wrap(784, rows));
      for (int i = 0; i < n; i++) {
        assertThat(served[i]).as("logits of request %d", i).isEqualTo(local.row(i));
      }
      Dataset sample = new Dataset("sample", Tensor.wrap(784, rows), labels, 10);
      assertThat(
              Evaluator.correct(
                  spec, state.parameters(), sample, io.tribunal.core.tensor.Parallel.serial()))
          .isEqualTo(servedCorrect);

      awaitClaimed(world.ops(payer, book), ch.channelId(), total);
      client.closeCooperatively(url);

      ChannelOps.OnChain after = world.ops(payer, book).read(ch.channelId());
      assertThat(after.status()).isEqualTo("closed");
      assertThat(world.balance(payee.getAddress())).isEqualTo(payeeBefore.add(total));
      assertThat(world.balance(payer.getAddress())).isEqualTo(payerBefore.subtract(total));
      assertThat(world.balance(contract)).isEqualTo(contractBefore);
      assertThat(transactionsSince(firstBlock)).isEqualTo(3);
      assertThat(nonce(payer.getAddress())).isEqualTo(1);
    }
  }

  @Test
  void answersAPayerStartedCloseWithItsBestVoucherAndIsPaidInFull() throws Exception {
    Credentials payee = world.freshAccount(1, 0);
    Credentials payer = world.freshAccount(1, 10);
    BigInteger deposit = World.usd(1);
    BigInteger threshold = PRICE.multiply(BigInteger.TEN);
    try (InferenceNode node = world.startNode(payee, dir.resolve("node-2"), threshold)) {
      URI url = URI.create("http://127.0.0.1:" + node.port());
      ChannelBook book = new ChannelBook(dir.resolve("payer-2"));
      ChannelRecord ch = world.openChannel(payer, payee.getAddress(), deposit, book);
      ChannelOps ops = world.ops(payer, book);
      PaidInference client = new PaidInference(book, ch.channelId(), payer);
      int[] input = world.data.heldOut().features().row(0);
      for (int i = 0; i < 10; i++) {
        client.infer(url, world.modelHash, input);
      }
      awaitClaimed(ops, ch.channelId(), threshold); // the chain now holds a stale amount
      for (int i = 0; i < 9; i++) {
        client.infer(url, world.modelHash, input);
      }
      BigInteger best = PRICE.multiply(BigInteger.valueOf(19));
      BigInteger payerBefore = world.balance(payer.getAddress());

      ops.startClose(ch);
      long challengeEnd = ops.read(ch.channelId()).expiry();
      awaitStatus(ops, ch.channelId(), "closed");

      assertThat(AnvilRpc.now(world.chain()).longValueExact()).isLessThan(challengeEnd);
      assertThat(ops.read(ch.channelId()).claimed()).isEqualTo(best);
      assertThat(world.balance(payee.getAddress())).isEqualTo(best);
      assertThat(world.balance(payer.getAddress()))
          .isEqualTo(payerBefore.add(deposit.subtract(best)));
    }
  }

  static void awaitClaimed(ChannelOps ops, String channelId, BigInteger amount)
      throws InterruptedException {
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (!ops.read(channelId).claimed().equals(amount)) {
      assertThat(System.nanoTime()).as("claim of " + amount + " on chain").isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  static void awaitStatus(ChannelOps ops, String channelId, String status)
      throws InterruptedException {
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (!ops.read(channelId).status().equals(status)) {
      assertThat(System.nanoTime()).as("channel " + status).isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  /** Transactions in every block from {@code first} to the head, counted from the chain. */
  static int transactionsSince(long first) throws Exception {
    long head = world.chain().blockNumber().longValueExact();
    int count = 0;
    for (long b = first; b <= head; b++) {
      count +=
          world
              .chain()
              .web3j()
              .ethGetBlockByNumber(DefaultBlockParameter.valueOf(BigInteger.valueOf(b)), false)
              .send()
              .getBlock()
              .getTransactions()
              .size();
    }
    return count;
  }

  static long nonce(String address) throws Exception {
    return world
        .chain()
        .web3j()
        .ethGetTransactionCount(address, DefaultBlockParameterName.LATEST)
        .send()
        .getTransactionCount()
        .longValueExact();
  }

  static Bytes32 id(ChannelRecord r) {
    return Bytes32.fromHex(r.channelId());
  }

  static int[] copy(int[] a) {
    return Arrays.copyOf(a, a.length);
  }
}
