package io.tribunal.cli.demo;

import static io.tribunal.cli.demo.DemoStory.HONEST;
import static io.tribunal.cli.demo.DemoStory.USER;

import io.tribunal.bindings.Deployment;
import io.tribunal.bindings.TribunalChain;
import io.tribunal.bindings.eip712.Bytes32;
import io.tribunal.client.channel.ChannelOps;
import io.tribunal.client.sdk.ChannelBook;
import io.tribunal.client.sdk.ChannelRecord;
import io.tribunal.client.sdk.PaidInference;
import io.tribunal.core.data.Dataset;
import io.tribunal.devnet.kit.Tusd;
import io.tribunal.protocol.config.KeySource;
import io.tribunal.protocol.job.DatasetSource;
import java.math.BigInteger;
import java.net.URI;
import java.util.Optional;
import org.web3j.crypto.Credentials;

/**
 * The demo's inference market: the user opens a payment channel to the solver that trained a model,
 * pays for held-out MNIST digits one signed voucher at a time (nothing on chain), and asks the
 * solver to close; two transactions in all.
 */
final class PaidInferenceScene {
  /** What happened: requests, correct predictions, price each, total paid, the two tx hashes. */
  record Outcome(
      int requests,
      int correct,
      BigInteger price,
      BigInteger paid,
      String channelId,
      String closeTx) {}

  /** Paid inferences the user buys on job 1's model, and the channel deposit that covers them. */
  static final int INFERENCES = 100;

  static final BigInteger CHANNEL_DEPOSIT = Tusd.of(1);

  private PaidInferenceScene() {}

  /** Step 5: the user buys {@link #INFERENCES} predictions of job 1's model from its solver. */
  static void play(DemoStage stage, Bytes32 job1, int honestRelay) {
    Bytes32 model = new Bytes32(stage.chain().job(job1).finalModelHash);
    Outcome inf =
        run(
            stage.configs(),
            USER,
            stage.addr(HONEST),
            URI.create("http://127.0.0.1:" + honestRelay),
            model,
            CHANNEL_DEPOSIT,
            INFERENCES);
    stage.say(
        "5/9 "
            + USER
            + " buys inference on job 1's model "
            + model.hex().substring(0, 10)
            + "… from "
            + HONEST
            + ": opened a payment channel ("
            + Tusd.format(CHANNEL_DEPOSIT)
            + " tUSD deposit, 1 transaction), paid "
            + INFERENCES
            + " held-out digits with one signed voucher each ("
            + inf.price()
            + " base units = ops x price per Mop; none on chain): "
            + inf.correct()
            + "/"
            + inf.requests()
            + " predicted right");
    stage.say(
        "    "
            + HONEST
            + " closed the channel on request with the last voucher: "
            + Tusd.format(inf.paid())
            + " tUSD to "
            + HONEST
            + ", the rest back to "
            + USER
            + " (tx "
            + inf.closeTx()
            + "); 2 transactions for "
            + INFERENCES
            + " requests");
  }

  private static Outcome run(
      RoleConfigs configs,
      String account,
      String payee,
      URI server,
      Bytes32 model,
      BigInteger deposit,
      int requests) {
    Credentials user =
        new KeySource(configs.keystore(account), Optional.of(configs.passwordFile())).load();
    Deployment d = Deployment.read(configs.deployment());
    ChannelBook book = new ChannelBook(configs.channelsDir(account));
    Dataset digits =
        new DatasetSource(configs.datasetCache()).load(DatasetSource.MNIST_URI).heldOut();
    try (TribunalChain chain = TribunalChain.connect(configs.rpcUrl())) {
      ChannelOps ops = new ChannelOps(chain, d, user, book);
      ChannelRecord channel = ops.open(payee, deposit, ops.chainNow() + 86_400);
      int correct = 0;
      BigInteger price = BigInteger.ZERO;
      BigInteger paid = BigInteger.ZERO;
      try (PaidInference pay = new PaidInference(book, channel.channelId(), user)) {
        for (int i = 0; i < requests; i++) {
          PaidInference.Result r = pay.infer(server, model, digits.features().row(i));
          correct += r.prediction() == digits.label(i) ? 1 : 0;
          price = r.price();
          paid = r.cumulativeAmount();
        }
        String closeTx = pay.closeCooperatively(server).path("txHash").asText();
        return new Outcome(requests, correct, price, paid, channel.channelId(), closeTx);
      }
    }
  }
}
