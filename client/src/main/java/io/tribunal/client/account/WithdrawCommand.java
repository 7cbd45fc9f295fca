package io.tribunal.client.account;

import io.tribunal.bindings.Deployment;
import io.tribunal.bindings.TribunalChain;
import io.tribunal.client.job.ChainOptions;
import io.tribunal.client.sdk.Amounts;
import io.tribunal.protocol.chain.ChainReader;
import java.io.PrintWriter;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tribunal withdraw}: every credit the account can take out, to its wallet. */
@Command(
    name = "withdraw",
    mixinStandardHelpOptions = true,
    description = {
      "Withdraw everything the account is owed to its wallet (or --to): market payouts and",
      "refunds, dispute-game bonds and rewards, data-demand bonds, and stake that finished",
      "unbonding. One transaction per source that holds something; nothing else is sent."
    })
public final class WithdrawCommand implements Callable<Integer> {
  @picocli.CommandLine.Mixin io.tribunal.client.sdk.SignerOptions signer;

  @Mixin ChainOptions chain;

  @Option(names = "--to", paramLabel = "ADDRESS", description = "Recipient (default: the account).")
  String to;

  @picocli.CommandLine.Mixin io.tribunal.client.sdk.JsonFlag json;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  private record Sent(String source, BigInteger amount, String txHash) {}

  @Override
  public Integer call() throws Exception {
    String recipient = to == null ? null : Addresses.parse(to, "--to");
    Credentials me = signer.credentials();
    String target = recipient == null ? me.getAddress() : recipient;
    Deployment d = chain.deployment();
    List<Sent> sent = new ArrayList<>();
    int decimals;
    try (TribunalChain c = chain.connect(d)) {
      Balances b = Balances.read(c, d, me.getAddress());
      decimals = b.decimals();
      long now = new ChainReader(c, io.tribunal.protocol.chain.Retry.command()).now();
      var tm = c.transactionManager(me);
      var gas = c.gasProvider();
      var web3j = c.web3j();
      if (b.marketClaimable().signum() > 0) {
        var market =
            io.tribunal.bindings.generated.JobMarket.load(d.address("JobMarket"), web3j, tm, gas);
        sent.add(sent("market", b.marketClaimable(), market.withdraw(target).send()));
      }
      if (b.gameCredit().signum() > 0) {
        var game =
            io.tribunal.bindings.generated.DisputeGame.load(
                d.address("DisputeGame"), web3j, tm, gas);
        sent.add(sent("dispute game", b.gameCredit(), game.withdraw(target).send()));
      }
      if (b.dataCredit().signum() > 0 && d.find("DataAvailability").isPresent()) {
        var data =
            io.tribunal.bindings.generated.DataAvailability.load(
                d.address("DataAvailability"), web3j, tm, gas);
        sent.add(sent("data demands", b.dataCredit(), data.withdraw(target).send()));
      }
      BigInteger stake = b.withdrawableStake(now);
      if (stake.signum() > 0) {
        var registry =
            io.tribunal.bindings.generated.StakeRegistry.load(
                d.address("StakeRegistry"), web3j, tm, gas);
        sent.add(sent("unbonded stake", stake, registry.withdraw(target).send()));
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    BigInteger total = sent.stream().map(Sent::amount).reduce(BigInteger.ZERO, BigInteger::add);
    if (json.on()) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("to", target);
      doc.put("totalUnits", total.toString());
      doc.put(
          "withdrawals",
          sent.stream()
              .map(
                  s ->
                      Map.of(
                          "source", s.source(), "units", s.amount().toString(), "tx", s.txHash()))
              .toList());
      out.println(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(doc));
    } else if (sent.isEmpty()) {
      out.println("nothing to withdraw");
    } else {
      for (Sent s : sent) {
        out.printf(
            "withdrew %s tUSD from the %s (tx %s)%n",
            Amounts.tokens(s.amount(), decimals), s.source(), s.txHash());
      }
      out.printf("total: %s tUSD to %s%n", Amounts.tokens(total, decimals), target);
    }
    return 0;
  }

  private static Sent sent(String source, BigInteger amount, TransactionReceipt r) {
    if (!r.isStatusOK()) {
      throw new IllegalStateException(
          "withdrawing from the " + source + " reverted in tx " + r.getTransactionHash());
    }
    return new Sent(source, amount, r.getTransactionHash());
  }
}
