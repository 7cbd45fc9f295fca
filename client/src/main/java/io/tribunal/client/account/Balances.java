package io.tribunal.client.account;

import io.tribunal.bindings.Deployment;
import io.tribunal.bindings.TribunalChain;
import io.tribunal.protocol.chain.ChainReader;
import io.tribunal.protocol.chain.Contracts;
import io.tribunal.protocol.da.DataChain;
import java.math.BigInteger;
import java.util.Optional;

/**
 * Everything an account holds in Tribunal, read from the chain: gas money, tokens in the wallet,
 * stake, and credits waiting to be withdrawn from the market, the dispute game and data demands.
 * Token amounts in base units.
 */
public record Balances(
    String account,
    BigInteger eth,
    int decimals,
    BigInteger wallet,
    BigInteger stakeActive,
    BigInteger stakeLocked,
    BigInteger unbonding,
    long unbondingEnd,
    BigInteger marketClaimable,
    BigInteger gameCredit,
    BigInteger dataCredit) {

  public static Balances read(TribunalChain c, Deployment d, String account) {
    ChainReader reader = new ChainReader(c, io.tribunal.protocol.chain.Retry.command());
    Contracts k = Contracts.load(c, d, account);
    var stake = reader.view("stakeOf", () -> k.registry().stakeOf(account).send());
    Optional<DataChain> data = DataChain.of(c, d);
    return new Balances(
        account,
        reader.ethBalance(account),
        reader.view("decimals", () -> k.token().decimals().send()).intValueExact(),
        reader.view("balanceOf", () -> k.token().balanceOf(account).send()),
        stake.component1(),
        stake.component2(),
        stake.component3(),
        stake.component4().longValueExact(),
        reader.view("claimable", () -> k.market().claimable(account).send()),
        reader.view("credit", () -> k.disputeGame().credit(account).send()),
        data.map(x -> reader.view("credit", () -> x.credit(account))).orElse(BigInteger.ZERO));
  }

  /** Stake that has finished unbonding and can be withdrawn at {@code now}. */
  public BigInteger withdrawableStake(long now) {
    return unbonding.signum() > 0 && now >= unbondingEnd ? unbonding : BigInteger.ZERO;
  }
}
