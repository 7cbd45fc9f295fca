package io.tribunal.devnet.cli;

import io.tribunal.devnet.AnvilProcess;
import io.tribunal.devnet.DevnetDirectory;
import io.tribunal.devnet.DevnetManager;
import io.tribunal.devnet.ExplorerProcess;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code tribunal devnet up}: anvil, every contract, funded role keystores. */
@Command(
    name = "up",
    mixinStandardHelpOptions = true,
    description = {
      "Start anvil on 127.0.0.1, deploy every contract, and fund N role accounts",
      "(ETH and TestUSD). Writes DIR/deployment.json and DIR/keystore/<role>.json."
    })
final class DevnetUpCommand extends DevnetSubcommand {
  @Option(
      names = "--port",
      defaultValue = "0",
      description = "Port for the JSON-RPC endpoint; 0 picks a free one. Default: ${DEFAULT-VALUE}")
  int port;

  @Option(
      names = "--accounts",
      defaultValue = "4",
      description =
          "Role accounts to create and fund (user-1, solver-1, verifier-1, challenger-1, user-2,"
              + " ...). Default: ${DEFAULT-VALUE}")
  int accounts;

  @Option(
      names = "--block-time",
      paramLabel = "SECONDS",
      defaultValue = "1",
      description =
          "Also mine a block every SECONDS, so chain time moves like a live chain's (randomness"
              + " anchors arrive, windows close); transactions are still mined at once. 0 = mine"
              + " only on transactions. Default: ${DEFAULT-VALUE}")
  int blockTime;

  @Option(
      names = "--reset",
      description =
          "Start a fresh chain and replace the keystores an earlier devnet left in DIR. Without"
              + " it, 'up' restores the chain a 'down' saved in DIR (same contracts, keys,"
              + " balances and jobs), and refuses when DIR holds keys but no saved chain.")
  boolean reset;

  @Option(
      names = "--explorer",
      description =
          "Also start the web explorer of this devnet (read-only; stopped by 'devnet down'),"
              + " its log in DIR/explorer.log.")
  boolean explorer;

  @Option(
      names = "--explorer-port",
      defaultValue = "8090",
      description = "Port of the explorer started by --explorer. Default: ${DEFAULT-VALUE}")
  int explorerPort;

  @Override
  public Integer call() {
    if (explorerPort < 1 || explorerPort > 65535) {
      throw new ParameterException(
          spec.commandLine(), "--explorer-port must be 1..65535, got " + explorerPort);
    }
    if (blockTime < 0 || blockTime > 3600) {
      throw new ParameterException(
          spec.commandLine(), "--block-time must be 0..3600 seconds, got " + blockTime);
    }
    if (port < 0 || port > 65535) {
      throw new ParameterException(spec.commandLine(), "--port must be 0..65535, got " + port);
    }
    if (accounts < 0 || accounts > 1000) {
      throw new ParameterException(
          spec.commandLine(), "--accounts must be 0..1000, got " + accounts);
    }
    DevnetManager.UpResult r;
    try {
      r = manager().up(port, accounts, blockTime, reset);
    } catch (AnvilProcess.PortBusyException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    } catch (IllegalStateException e) {
      if (e.getMessage() != null && e.getMessage().contains("--reset")) {
        throw new ParameterException(spec.commandLine(), e.getMessage());
      }
      throw e;
    }
    String explorerUrl =
        explorer ? ExplorerProcess.start(new DevnetDirectory(dir), explorerPort) : null;
    if (json) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("status", "running");
      doc.put("restored", r.restored());
      doc.put("pid", r.node().pid());
      doc.put("rpcUrl", r.node().rpcUrl());
      doc.put("chainId", r.node().chainId());
      doc.put("blockTime", blockTime);
      doc.put("deploymentFile", dir.resolve("deployment.json").toString());
      doc.put("keystoreDir", r.keystoreDir());
      doc.put("passwordFile", r.passwordFile());
      doc.put("accounts", r.accounts());
      doc.put("contracts", r.deployment().contracts());
      if (explorerUrl != null) {
        doc.put("explorerUrl", explorerUrl);
      }
      JsonOut.print(out(), doc);
    } else {
      PrintWriter o = out();
      o.printf(
          "devnet %s: %s (chain id %d, anvil pid %d)%n",
          r.restored() ? "restored from its saved chain" : "running",
          r.node().rpcUrl(),
          r.node().chainId(),
          r.node().pid());
      o.printf("deployment:  %s%n", dir.resolve("deployment.json"));
      o.printf("keystores:   %s (password in %s)%n", r.keystoreDir(), r.passwordFile());
      r.accounts().forEach((role, addr) -> o.printf("  %-14s %s%n", role, addr));
      o.printf(
          "blocks:      %s%n",
          blockTime > 0
              ? "on every transaction and every " + blockTime + " s"
              : "only on transactions (move time with 'tribunal devnet warp')");
      if (explorerUrl != null) {
        o.printf("explorer:    %s (log in %s)%n", explorerUrl, dir.resolve("explorer.log"));
      } else {
        o.printf(
            "explore it:  tribunal explorer --deployment %s  (http://127.0.0.1:8090/), or 'up"
                + " --explorer'%n",
            dir.resolve("deployment.json"));
      }
      o.printf("stop it with: tribunal devnet down --dir %s%n", dir);
    }
    return 0;
  }
}
