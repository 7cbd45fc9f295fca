package io.tribunal.explorer.index;

import io.tribunal.bindings.generated.PaymentChannels;
import java.util.Locale;
import java.util.Optional;
import org.web3j.protocol.core.methods.response.Log;

/**
 * Applies the PaymentChannels' events to the channels of a {@link Ledger}: who opened each and
 * when. Amounts, expiry and status come from the contract's {@code getChannel} view, read for every
 * channel this returns.
 */
public final class ChannelEvents {
  private static final Topics TOPICS =
      new Topics(
          PaymentChannels.CHANNELOPENED_EVENT,
          PaymentChannels.CHANNELTOPPEDUP_EVENT,
          PaymentChannels.CHANNELEXTENDED_EVENT,
          PaymentChannels.CHANNELCLAIMED_EVENT,
          PaymentChannels.CHANNELCLOSESTARTED_EVENT,
          PaymentChannels.CHANNELCLOSED_EVENT);

  private final Ledger ledger;

  public ChannelEvents(Ledger ledger) {
    this.ledger = ledger;
  }

  /** Applies one channel log; returns the channel it touched. */
  public Optional<String> apply(Log log) {
    String name = TOPICS.of(log);
    if (name.isEmpty() || log.getTopics().size() < 2) {
      return Optional.empty();
    }
    String id = log.getTopics().get(1).toLowerCase(Locale.ROOT);
    if (name.equals("ChannelOpened")) {
      var e = PaymentChannels.getChannelOpenedEventFromLog(log);
      Ledger.Channel c = ledger.channel(id);
      c.payer = Hex.address(e.payer);
      c.payee = Hex.address(e.payee);
      c.openedBlock = log.getBlockNumber().longValueExact();
      c.deposit = e.deposit;
      c.expiry = e.expiry.longValueExact();
    } else if (!ledger.channels.containsKey(id)) {
      return Optional.empty();
    }
    return Optional.of(id);
  }
}
