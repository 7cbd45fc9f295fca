package io.tribunal.explorer.chain;

import io.tribunal.bindings.Deployment;
import io.tribunal.bindings.generated.AdminTimelock;
import io.tribunal.bindings.generated.PaymentChannels;
import io.tribunal.explorer.index.NetworkEntry;
import io.tribunal.protocol.chain.ChainReader;
import io.tribunal.protocol.chain.Contracts;
import java.math.BigInteger;
import java.util.Map;
import java.util.TreeMap;
import org.web3j.tx.ReadonlyTransactionManager;

/** Reads the chain id, the contracts and the protocol's parameters from their views. */
final class NetworkReader {
  private final ChainReader reader;
  private final Contracts k;

  NetworkReader(ChainReader reader, Contracts k) {
    this.reader = reader;
    this.k = k;
  }

  NetworkEntry read() {
    Deployment d = k.deployment();
    Map<String, String> contracts = new TreeMap<>();
    d.contracts().forEach((name, ref) -> contracts.put(name, ref.address()));
    int decimals = reader.view("decimals", () -> k.token().decimals().send()).intValueExact();
    var market = reader.view("config", () -> k.market().config().send());
    var game = reader.view("parameters", () -> k.disputeGame().parameters().send());
    BigInteger minStake = reader.view("minStake", () -> k.registry().minStake().send());
    long unbonding =
        reader.view("unbondingDelay", () -> k.registry().unbondingDelay().send()).longValueExact();
    BigInteger minDeposit = BigInteger.ZERO;
    long channelPeriod = 0;
    if (d.find("PaymentChannels").isPresent()) {
      var ch = reader.view("channels config", () -> channels().config().send());
      minDeposit = ch.component2();
      channelPeriod = ch.component3().longValueExact();
    }
    long delay = 0;
    long floor = 0;
    if (d.find("AdminTimelock").isPresent()) {
      AdminTimelock t = timelock();
      delay = reader.view("getMinDelay", () -> t.getMinDelay().send()).longValueExact();
      floor = reader.view("floor", () -> t.floor().send()).longValueExact();
    }
    return new NetworkEntry(
        d.chainId(),
        contracts,
        decimals,
        market.component4().longValueExact(),
        market.component5().longValueExact(),
        market.component6().intValueExact(),
        market.component3().toLowerCase(java.util.Locale.ROOT),
        game.component1(),
        game.component2().longValueExact(),
        game.component3(),
        minStake,
        unbonding,
        minDeposit,
        channelPeriod,
        delay,
        floor,
        0,
        0);
  }

  /** The guardian's pause state, read on every block. */
  NetworkEntry withPause(NetworkEntry n) {
    long until =
        reader
            .view("settlementsPausedUntil", () -> k.market().settlementsPausedUntil().send())
            .longValueExact();
    long next =
        reader
            .view("nextPauseAllowedAt", () -> k.market().nextPauseAllowedAt().send())
            .longValueExact();
    return n.withPause(until, next);
  }

  PaymentChannels channels() {
    String a = k.deployment().address("PaymentChannels");
    var web3j = k.chain().web3j();
    return PaymentChannels.load(
        a, web3j, new ReadonlyTransactionManager(web3j, a), k.chain().gasProvider());
  }

  private AdminTimelock timelock() {
    String a = k.deployment().address("AdminTimelock");
    var web3j = k.chain().web3j();
    return AdminTimelock.load(
        a, web3j, new ReadonlyTransactionManager(web3j, a), k.chain().gasProvider());
  }
}
