package io.tribunal.solver.inference;

import io.tribunal.bindings.eip712.Bytes32;
import io.tribunal.bindings.generated.PaymentChannels;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.List;
import org.web3j.abi.EventEncoder;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;

/**
 * Refreshes a {@link ChannelView} from PaymentChannels logs with {@code eth_getLogs} (standard
 * JSON-RPC only). Events in blocks at least {@code confirmations} deep are applied; newer blocks
 * only contribute close events (startClose, close, settle), applied at once because reacting early
 * to a close is always safe. Every event carries absolute values, so re-reading a block range is
 * idempotent; the cursor only moves over confirmed blocks.
 */
public final class ChannelWatcher {
  private static final String OPENED = EventEncoder.encode(PaymentChannels.CHANNELOPENED_EVENT);
  private static final String TOPPED = EventEncoder.encode(PaymentChannels.CHANNELTOPPEDUP_EVENT);
  private static final String EXTENDED = EventEncoder.encode(PaymentChannels.CHANNELEXTENDED_EVENT);
  private static final String CLAIMED = EventEncoder.encode(PaymentChannels.CHANNELCLAIMED_EVENT);
  private static final String CLOSE_STARTED =
      EventEncoder.encode(PaymentChannels.CHANNELCLOSESTARTED_EVENT);
  private static final String CLOSED = EventEncoder.encode(PaymentChannels.CHANNELCLOSED_EVENT);

  private final Web3j web3j;
  private final String contract;
  private final String payee;
  private final int confirmations;
  private final ChannelView view;
  private long cursor;

  /**
   * @param fromBlock first block to scan (the contract's deployment block)
   * @param confirmations depth at which a block counts (1 = included)
   */
  public ChannelWatcher(
      Web3j web3j,
      String contract,
      String payee,
      long fromBlock,
      int confirmations,
      ChannelView view) {
    this.web3j = web3j;
    this.contract = contract;
    this.payee = payee;
    this.confirmations = Math.max(1, confirmations);
    this.view = view;
    this.cursor = fromBlock - 1;
  }

  public ChannelView view() {
    return view;
  }

  /**
   * On-demand refresh (a voucher for a channel not in the view yet): one cheap {@code
   * eth_blockNumber}, and the logs only when a block arrived since the last refresh, so a flood of
   * unknown channels cannot turn into a flood of log queries.
   */
  public synchronized void refreshIfNewBlock() {
    try {
      long head = web3j.ethBlockNumber().send().getBlockNumber().longValueExact();
      if (head > view.block()) {
        refresh();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the chain head", e);
    }
  }

  /** Reads new logs up to the chain head. */
  public synchronized void refresh() {
    try {
      EthBlock.Block head =
          web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false).send().getBlock();
      long headNumber = head.getNumber().longValueExact();
      long confirmed = headNumber - (confirmations - 1);
      if (headNumber > cursor) {
        for (Log log : logs(cursor + 1, headNumber)) {
          apply(log, log.getBlockNumber().longValueExact() <= confirmed);
        }
      }
      cursor = Math.max(cursor, confirmed);
      view.observeHead(headNumber, head.getTimestamp().longValueExact());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read PaymentChannels logs", e);
    }
  }

  private List<Log> logs(long from, long to) throws IOException {
    EthFilter filter =
        new EthFilter(
            DefaultBlockParameter.valueOf(BigInteger.valueOf(from)),
            DefaultBlockParameter.valueOf(BigInteger.valueOf(to)),
            contract);
    EthLog result = web3j.ethGetLogs(filter).send();
    if (result.hasError()) {
      throw new IOException("eth_getLogs: " + result.getError().getMessage());
    }
    return result.getLogs().stream().map(r -> (Log) r.get()).toList();
  }

  private void apply(Log log, boolean confirmed) {
    String topic = log.getTopics().get(0);
    if (topic.equals(CLOSE_STARTED)) {
      var e = PaymentChannels.getChannelCloseStartedEventFromLog(log);
      view.update(
          new Bytes32(e.channelId),
          c ->
              c.status() == ChannelState.Status.CLOSED
                  ? c
                  : c.withStatus(ChannelState.Status.CLOSING, e.challengeEnd.longValueExact()));
    } else if (topic.equals(CLOSED)) {
      var e = PaymentChannels.getChannelClosedEventFromLog(log);
      view.update(
          new Bytes32(e.channelId), c -> c.withStatus(ChannelState.Status.CLOSED, c.expiry()));
    } else if (confirmed) {
      applyConfirmed(topic, log);
    }
  }

  private void applyConfirmed(String topic, Log log) {
    if (topic.equals(OPENED)) {
      var e = PaymentChannels.getChannelOpenedEventFromLog(log);
      if (e.payee.equalsIgnoreCase(payee) && view.get(new Bytes32(e.channelId)).isEmpty()) {
        view.put(
            new ChannelState(
                new Bytes32(e.channelId),
                e.payer.toLowerCase(),
                new Bytes32(e.salt),
                e.deposit,
                BigInteger.ZERO,
                e.expiry.longValueExact(),
                ChannelState.Status.OPEN));
      }
    } else if (topic.equals(TOPPED)) {
      var e = PaymentChannels.getChannelToppedUpEventFromLog(log);
      view.update(new Bytes32(e.channelId), c -> c.withDeposit(e.deposit));
    } else if (topic.equals(EXTENDED)) {
      var e = PaymentChannels.getChannelExtendedEventFromLog(log);
      view.update(new Bytes32(e.channelId), c -> c.withExpiry(e.expiry.longValueExact()));
    } else if (topic.equals(CLAIMED)) {
      var e = PaymentChannels.getChannelClaimedEventFromLog(log);
      view.update(new Bytes32(e.channelId), c -> c.withClaimed(e.cumulativeAmount));
    }
  }
}
