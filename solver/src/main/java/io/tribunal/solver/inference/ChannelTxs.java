package io.tribunal.solver.inference;

import io.tribunal.bindings.generated.PaymentChannels;
import io.tribunal.protocol.chain.DurableTxSender;
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
 */
public interface ChannelTxs {
  TransactionReceipt claim(AcceptedVoucher v) throws Exception;

  TransactionReceipt claimMany(List<AcceptedVoucher> vs) throws Exception;

  TransactionReceipt close(AcceptedVoucher v) throws Exception;

  /** Signs and sends with the wrapper's own transaction manager. */
  static ChannelTxs direct(PaymentChannels channels) {
    return new ChannelTxs() {
      @Override
      public TransactionReceipt claim(AcceptedVoucher v) throws Exception {
        return claimCall(channels, v).send();
      }

      @Override
      public TransactionReceipt claimMany(List<AcceptedVoucher> vs) throws Exception {
        return claimManyCall(channels, vs).send();
      }

      @Override
      public TransactionReceipt close(AcceptedVoucher v) throws Exception {
        return closeCall(channels, v).send();
      }
    };
  }

  /**
   * Through the daemon's journal. Intents name the channel and the amount (amounts only grow), so a
   * retried decision resumes the same transaction instead of signing a second one.
   */
  static ChannelTxs durable(PaymentChannels channels, DurableTxSender tx) {
    String to = channels.getContractAddress();
    return new ChannelTxs() {
      @Override
      public TransactionReceipt claim(AcceptedVoucher v) {
        return tx.send(
            "channel-claim:" + v.channelId().hex() + ":" + v.cumulativeAmount(),
            to,
            claimCall(channels, v).encodeFunctionCall());
      }

      @Override
      public TransactionReceipt claimMany(List<AcceptedVoucher> vs) {
        ByteArrayOutputStream key = new ByteArrayOutputStream();
        for (AcceptedVoucher v : vs) {
          key.writeBytes(v.channelId().bytes());
          key.writeBytes(Numeric.toBytesPadded(v.cumulativeAmount(), 32));
        }
        return tx.send(
            "channel-claim-many:" + Numeric.toHexString(Hash.sha3(key.toByteArray())),
            to,
            claimManyCall(channels, vs).encodeFunctionCall());
      }

      @Override
      public TransactionReceipt close(AcceptedVoucher v) {
        return tx.send(
            "channel-close:" + v.channelId().hex() + ":" + v.cumulativeAmount(),
            to,
            closeCall(channels, v).encodeFunctionCall());
      }
    };
  }

  private static RemoteFunctionCall<TransactionReceipt> claimCall(
      PaymentChannels channels, AcceptedVoucher v) {
    return channels.claim(
        v.payer(), v.salt().bytes(), v.cumulativeAmount(), v.signature().toBytes());
  }

  private static RemoteFunctionCall<TransactionReceipt> claimManyCall(
      PaymentChannels channels, List<AcceptedVoucher> vs) {
    List<PaymentChannels.ClaimArgs> args = new ArrayList<>();
    for (AcceptedVoucher v : vs) {
      args.add(
          new PaymentChannels.ClaimArgs(
              v.payer(), v.salt().bytes(), v.cumulativeAmount(), v.signature().toBytes()));
    }
    return channels.claimMany(args);
  }

  private static RemoteFunctionCall<TransactionReceipt> closeCall(
      PaymentChannels channels, AcceptedVoucher v) {
    return channels.close(
        v.payer(), v.salt().bytes(), v.cumulativeAmount(), v.signature().toBytes());
  }
}
