package io.tribunal.solver.inference;

import io.tribunal.bindings.generated.PaymentChannels;
import io.tribunal.node.chain.DurableTxSender;
import io.tribunal.node.chain.Intents;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.web3j.crypto.Hash;
import org.web3j.protocol.core.RemoteFunctionCall;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

/**
 * The payee's channel transactions (claim, claimMany, close with a voucher) and how they are sent:
 * {@link #direct} signs and sends through the contract wrapper (the stand-alone {@code solver
 * serve}); {@link #durable} goes through the solver daemon's {@link DurableTxSender}, so these
 * transactions share the daemon's nonces and intent journal and are sent once across crashes.
 * Intents name the channel and the amount (amounts only grow), so a retried decision resumes the
 * same transaction instead of signing a second one.
 */
public final class ChannelTxs {
  /** Sends one call for one intent and returns its receipt. */
  @FunctionalInterface
  private interface Sender {
    TransactionReceipt send(String intent, RemoteFunctionCall<TransactionReceipt> call)
        throws Exception;
  }

  private final PaymentChannels channels;
  private final Sender sender;

  private ChannelTxs(PaymentChannels channels, Sender sender) {
    this.channels = channels;
    this.sender = sender;
  }

  /** Signs and sends with the wrapper's own transaction manager. */
  public static ChannelTxs direct(PaymentChannels channels) {
    return new ChannelTxs(channels, (intent, call) -> call.send());
  }

  /** Through the daemon's journal: encoded calls sent by {@code tx} under their intents. */
  public static ChannelTxs durable(PaymentChannels channels, DurableTxSender tx) {
    String to = channels.getContractAddress();
    return new ChannelTxs(
        channels, (intent, call) -> tx.send(intent, to, call.encodeFunctionCall()));
  }

  public TransactionReceipt claim(AcceptedVoucher v) throws Exception {
    return sender.send(
        Intents.channelClaim(v.channelId(), v.cumulativeAmount()),
        channels.claim(v.payer(), v.salt().bytes(), v.cumulativeAmount(), v.signature().toBytes()));
  }

  public TransactionReceipt claimMany(List<AcceptedVoucher> vs) throws Exception {
    ByteArrayOutputStream key = new ByteArrayOutputStream();
    List<PaymentChannels.ClaimArgs> args = new ArrayList<>();
    for (AcceptedVoucher v : vs) {
      key.writeBytes(v.channelId().bytes());
      key.writeBytes(Numeric.toBytesPadded(v.cumulativeAmount(), 32));
      args.add(
          new PaymentChannels.ClaimArgs(
              v.payer(), v.salt().bytes(), v.cumulativeAmount(), v.signature().toBytes()));
    }
    return sender.send(
        Intents.channelClaimMany(Numeric.toHexString(Hash.sha3(key.toByteArray()))),
        channels.claimMany(args));
  }

  public TransactionReceipt close(AcceptedVoucher v) throws Exception {
    return sender.send(
        Intents.channelClose(v.channelId(), v.cumulativeAmount()),
        channels.close(v.payer(), v.salt().bytes(), v.cumulativeAmount(), v.signature().toBytes()));
  }
}
