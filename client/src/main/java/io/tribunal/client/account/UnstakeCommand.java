package io.tribunal.client.account;

import io.tribunal.bindings.Deployment;
import io.tribunal.bindings.TribunalChain;
import io.tribunal.bindings.generated.StakeRegistry;
import io.tribunal.client.job.ChainOptions;
import io.tribunal.client.sdk.Amounts;
import io.tribunal.protocol.chain.ChainReader;
import java.math.BigInteger;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tribunal unstake}: start unbonding free stake; 'withdraw' takes it after the delay. */
@Command(
    name = "unstake",
    mixinStandardHelpOptions = true,
    description = {
      "Start unbonding part of an operator's free stake (not locked by jobs). After the",
      "registry's unbonding delay, 'tribunal withdraw' sends it to the wallet. Stop the role's",
      "daemon first: a running daemon tops its stake back up to its configured 'stake'."
    })
public final class UnstakeCommand implements Callable<Integer> {
  @picocli.CommandLine.Mixin io.tribunal.client.sdk.SignerOptions signer;

  @Mixin ChainOptions chain;

  @picocli.CommandLine.Mixin io.tribunal.client.sdk.JsonFlag json;

  @Option(
      names = "--amount",
      required = true,
      paramLabel = "TOKENS",
      description = "How much, in tokens (100 or 2.5; base units as 2500000units).")
  String amountText;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Deployment d = chain.deployment();
    try (TribunalChain c = chain.connect(d)) {
      ChainReader reader = new ChainReader(c, io.tribunal.protocol.chain.Retry.command());
      Credentials me = signer.credentials();
      StakeRegistry registry =
          StakeRegistry.load(
              d.address("StakeRegistry"), c.web3j(), c.transactionManager(me), c.gasProvider());
      Balances b = Balances.read(c, d, me.getAddress());
      BigInteger amount = Amounts.toBaseUnits(amountText, b.decimals(), "--amount");
      BigInteger free = b.stakeActive().subtract(b.stakeLocked());
      if (amount.compareTo(free) > 0) {
        throw new IllegalArgumentException(
            "--amount "
                + amountText
                + " is more than the free stake, "
                + Amounts.tokens(free, b.decimals())
                + " tUSD ("
                + Amounts.tokens(b.stakeLocked(), b.decimals())
                + " is locked by jobs)");
      }
      TransactionReceipt r = registry.requestUnstake(amount).send();
      long delay =
          reader.view("unbondingDelay", () -> registry.unbondingDelay().send()).longValueExact();
      if (json.on()) {
        java.util.Map<String, Object> doc = new java.util.LinkedHashMap<>();
        doc.put("unbondingUnits", amount.toString());
        doc.put("withdrawableFrom", reader.now() + delay);
        doc.put("tx", r.getTransactionHash());
        io.tribunal.client.sdk.JsonOutput.print(spec.commandLine().getOut(), doc);
        return 0;
      }
      spec.commandLine()
          .getOut()
          .printf(
              "unbonding %s tUSD (tx %s); 'tribunal withdraw' can take it from %s%n",
              Amounts.tokens(amount, b.decimals()),
              r.getTransactionHash(),
              Instant.ofEpochSecond(reader.now() + delay));
    }
    return 0;
  }
}
