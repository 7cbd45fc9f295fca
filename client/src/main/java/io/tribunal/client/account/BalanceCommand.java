package io.tribunal.client.account;

import io.tribunal.bindings.Deployment;
import io.tribunal.bindings.TribunalChain;
import io.tribunal.client.job.ChainOptions;
import io.tribunal.client.sdk.Amounts;
import io.tribunal.protocol.chain.ChainReader;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tribunal balance}: what an account holds and can withdraw. */
@Command(
    name = "balance",
    mixinStandardHelpOptions = true,
    description = {
      "Show an account's ETH (gas), tUSD in the wallet, stake (active, locked, unbonding) and the",
      "credits waiting for 'tribunal withdraw': market payouts and refunds, dispute-game bonds",
      "and rewards, data-demand bonds. Amounts in tUSD; --json gives base units too."
    })
public final class BalanceCommand implements Callable<Integer> {
  @Mixin ChainOptions chain;

  @Option(
      names = "--address",
      paramLabel = "ADDRESS",
      description = "The account (EIP-55 checked).")
  String address;

  @Option(
      names = "--keystore",
      paramLabel = "FILE",
      description = "Or the account of this keystore (no password needed).")
  Path keystore;

  @picocli.CommandLine.Mixin io.tribunal.client.sdk.JsonFlag json;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    String account = Addresses.of(address, keystore);
    Deployment d = chain.deployment();
    try (TribunalChain c = chain.connect(d)) {
      Balances b = Balances.read(c, d, account);
      long now = new ChainReader(c, io.tribunal.protocol.chain.Retry.command()).now();
      PrintWriter out = spec.commandLine().getOut();
      if (json.on()) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("account", account);
        doc.put("ethWei", b.eth().toString());
        doc.put("walletUnits", b.wallet().toString());
        doc.put("stakeActiveUnits", b.stakeActive().toString());
        doc.put("stakeLockedUnits", b.stakeLocked().toString());
        doc.put("unbondingUnits", b.unbonding().toString());
        doc.put("unbondingEnd", b.unbondingEnd());
        doc.put("marketClaimableUnits", b.marketClaimable().toString());
        doc.put("gameCreditUnits", b.gameCredit().toString());
        doc.put("dataCreditUnits", b.dataCredit().toString());
        doc.put("withdrawableUnits", withdrawable(b, now).toString());
        doc.put("decimals", b.decimals());
        out.println(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(doc));
        return 0;
      }
      int dec = b.decimals();
      out.printf("account:           %s%n", account);
      out.printf(
          "ETH (gas):         %s%n",
          new BigDecimal(b.eth()).movePointLeft(18).stripTrailingZeros().toPlainString());
      out.printf("tUSD in wallet:    %s%n", Amounts.tokens(b.wallet(), dec));
      out.printf(
          "stake:             %s active (%s locked by jobs)%n",
          Amounts.tokens(b.stakeActive(), dec), Amounts.tokens(b.stakeLocked(), dec));
      if (b.unbonding().signum() > 0) {
        out.printf(
            "unbonding:         %s, withdrawable %s%n",
            Amounts.tokens(b.unbonding(), dec),
            now >= b.unbondingEnd() ? "now" : "from " + Instant.ofEpochSecond(b.unbondingEnd()));
      }
      out.printf("market claimable:  %s%n", Amounts.tokens(b.marketClaimable(), dec));
      out.printf("dispute credits:   %s%n", Amounts.tokens(b.gameCredit(), dec));
      out.printf("data-demand bonds: %s%n", Amounts.tokens(b.dataCredit(), dec));
      BigInteger total = withdrawable(b, now);
      out.printf(
          "withdrawable now:  %s tUSD%s%n",
          Amounts.tokens(total, dec), total.signum() > 0 ? " (run 'tribunal withdraw')" : "");
    }
    return 0;
  }

  static BigInteger withdrawable(Balances b, long now) {
    return b.marketClaimable()
        .add(b.gameCredit())
        .add(b.dataCredit())
        .add(b.withdrawableStake(now));
  }
}
