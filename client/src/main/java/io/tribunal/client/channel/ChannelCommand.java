package io.tribunal.client.channel;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.tribunal.bindings.Deployment;
import io.tribunal.bindings.TribunalChain;
import io.tribunal.client.sdk.Amounts;
import io.tribunal.client.sdk.ChannelRecord;
import io.tribunal.client.sdk.PaidInference;
import io.tribunal.client.sdk.WalletOptions;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.web3j.crypto.Credentials;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tribunal channel}: the payer's payment channels for paid inference. */
@Command(
    name = "channel",
    mixinStandardHelpOptions = true,
    description = "Payment channels for paid inference: open, topup, close, status.",
    subcommands = {
      ChannelCommand.Open.class,
      ChannelCommand.TopUp.class,
      ChannelCommand.Close.class,
      ChannelCommand.Status.class
    })
public final class ChannelCommand implements Runnable {
  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(spec.commandLine(), "missing subcommand");
  }

  /** Runs {@code body} with a connected chain; prints its result as text or JSON. */
  abstract static class Base implements Runnable {
    @Mixin WalletOptions wallet;

    @Option(names = "--json", description = "print the result as JSON")
    boolean json;

    abstract Map<String, Object> execute(
        TribunalChain chain, Deployment d, ChannelOps ops, Credentials payer);

    @Override
    public void run() {
      Credentials payer = wallet.credentials();
      Deployment d = wallet.readDeployment();
      try (TribunalChain chain = wallet.connect()) {
        Map<String, Object> out =
            execute(chain, d, new ChannelOps(chain, d, payer, wallet.book()), payer);
        if (json) {
          System.out.println(JSON.writeValueAsString(out));
        } else {
          print(out, "");
        }
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  @Command(
      name = "open",
      mixinStandardHelpOptions = true,
      description = "Open a channel with a permit.")
  static final class Open extends Base {
    @Option(names = "--payee", required = true, description = "the server's payee address")
    String payee;

    @Option(names = "--deposit", required = true, description = "deposit in tokens, e.g. 10 or 2.5")
    String deposit;

    @Option(
        names = "--expiry",
        defaultValue = "604800",
        description = "seconds from now until expiry (default: ${DEFAULT-VALUE} = 7 days)")
    long expirySeconds;

    @Option(names = "--server", description = "server URL to remember for this channel")
    URI server;

    @Override
    Map<String, Object> execute(
        TribunalChain chain, Deployment d, ChannelOps ops, Credentials payer) {
      if (!payee.matches("0x[0-9a-fA-F]{40}")) {
        throw new IllegalArgumentException("--payee must be a 0x-prefixed address");
      }
      if (expirySeconds < 1) {
        throw new IllegalArgumentException("--expiry must be positive");
      }
      ChannelRecord r =
          ops.open(
              payee,
              Amounts.toBaseUnits(deposit, ops.decimals(), "--deposit"),
              ops.chainNow() + expirySeconds);
      if (server != null) {
        r = r.withServer(server.toString());
        wallet.book().save(r);
      }
      return describe(r, ops);
    }
  }

  @Command(
      name = "topup",
      mixinStandardHelpOptions = true,
      description = "Add to a channel's deposit.")
  static final class TopUp extends Base {
    @Option(
        names = "--channel",
        required = true,
        description = "The channel id (0x…, as printed by 'channel open').")
    String channel;

    @Option(names = "--amount", required = true, description = "tokens to add")
    String amount;

    @Override
    Map<String, Object> execute(
        TribunalChain chain, Deployment d, ChannelOps ops, Credentials payer) {
      ChannelRecord r = wallet.book().require(channel);
      ops.topUp(r, Amounts.toBaseUnits(amount, ops.decimals(), "--amount"));
      return describe(r, ops);
    }
  }

  @Command(
      name = "close",
      mixinStandardHelpOptions = true,
      description = {
        "Close a channel. Default: ask the server to close it now with its best voucher",
        "(cooperative, one transaction by the payee). --uncooperative: startClose on chain, then",
        "run close again after the challenge period to settle."
      })
  static final class Close extends Base {
    @Option(
        names = "--channel",
        required = true,
        description = "The channel id (0x…, as printed by 'channel open').")
    String channel;

    @Option(names = "--server", description = "server URL (default: the one recorded at open)")
    URI server;

    @Option(names = "--uncooperative", description = "startClose / settle on chain instead")
    boolean uncooperative;

    @Override
    Map<String, Object> execute(
        TribunalChain chain, Deployment d, ChannelOps ops, Credentials payer) {
      ChannelRecord r = wallet.book().require(channel);
      ChannelOps.OnChain now = ops.read(r.channelId());
      Map<String, Object> out = new LinkedHashMap<>();
      if (now.status().equals("closing")) {
        if (ops.chainNow() < now.expiry()) {
          throw new IllegalArgumentException(
              "challenge period runs until " + now.expiry() + "; settle after it");
        }
        out.put("settleTx", ops.settle(r).getTransactionHash());
      } else if (uncooperative) {
        out.put("startCloseTx", ops.startClose(r).getTransactionHash());
      } else {
        URI url = server != null ? server : r.server() == null ? null : URI.create(r.server());
        if (url == null) {
          throw new IllegalArgumentException(
              "no server known for this channel: give --server or --uncooperative");
        }
        out.put(
            "closeTx",
            new PaidInference(wallet.book(), r.channelId(), payer)
                .closeCooperatively(url)
                .path("txHash")
                .asText());
      }
      out.putAll(describe(r, ops));
      return out;
    }
  }

  @Command(
      name = "status",
      mixinStandardHelpOptions = true,
      description = "Show channels (on chain and local).")
  static final class Status extends Base {
    @Option(names = "--channel", description = "one channel (default: all recorded)")
    String channel;

    @Override
    Map<String, Object> execute(
        TribunalChain chain, Deployment d, ChannelOps ops, Credentials payer) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (ChannelRecord r :
          channel == null
              ? wallet.book().all()
              : java.util.List.of(wallet.book().require(channel))) {
        out.put(r.channelId(), describe(r, ops));
      }
      return out;
    }
  }

  /** Text output: one {@code key: value} per line, nested results indented under their key. */
  static void print(Map<String, Object> m, String indent) {
    m.forEach(
        (k, v) -> {
          if (v instanceof Map<?, ?> nested) {
            System.out.println(indent + k + ":");
            @SuppressWarnings("unchecked")
            Map<String, Object> inner = (Map<String, Object>) nested;
            print(inner, indent + "  ");
          } else {
            System.out.println(indent + k + ": " + v);
          }
        });
  }

  static Map<String, Object> describe(ChannelRecord r, ChannelOps ops) {
    ChannelOps.OnChain c = ops.read(r.channelId());
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("channelId", r.channelId());
    m.put("payee", r.payee());
    m.put("status", c.status());
    m.put("deposit", c.deposit().toString());
    m.put("claimed", c.claimed().toString());
    m.put("expiry", c.expiry());
    m.put("signed", r.signed().toString());
    m.put("acknowledged", r.acknowledged().toString());
    if (r.server() != null) {
      m.put("server", r.server());
    }
    return m;
  }
}
