package io.tribunal.devnet.cli;

import io.tribunal.bindings.Deployment;
import io.tribunal.devnet.AnvilProcess;
import io.tribunal.devnet.DevnetDirectory;
import io.tribunal.devnet.DevnetManager;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code tribunal devnet up|down|status}: a local anvil chain with everything deployed. */
@Command(
    name = "devnet",
    description = {
      "Run a local development chain (anvil) with every Tribunal contract deployed",
      "and funded role accounts in Ethereum keystore (V3) files."
    },
    mixinStandardHelpOptions = true,
    subcommands = {DevnetCommand.Up.class, DevnetCommand.Down.class, DevnetCommand.Status.class})
public final class DevnetCommand {

  static final String DEFAULT_DIR = ".tribunal/devnet";

  /** Options every devnet subcommand shares. */
  abstract static class Base implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = "--dir",
        defaultValue = DEFAULT_DIR,
        description = "Devnet directory (state, logs, keystores). Default: ${DEFAULT-VALUE}")
    Path dir;

    @Option(names = "--json", description = "Print the result as JSON on stdout.")
    boolean json;

    PrintWriter out() {
      return spec.commandLine().getOut();
    }

    /** Progress goes to stderr so --json stdout stays machine-readable. */
    PrintStream progress() {
      return json ? new PrintStream(java.io.OutputStream.nullOutputStream()) : System.err;
    }

    DevnetManager manager() {
      return new DevnetManager(new DevnetDirectory(dir), progress());
    }
  }

  @Command(
      name = "up",
      mixinStandardHelpOptions = true,
      description = {
        "Start anvil on 127.0.0.1, deploy every contract, and fund N role accounts",
        "(ETH and TestUSD). Writes DIR/deployment.json and DIR/keystore/<role>.json."
      })
  static final class Up extends Base {
    @Option(
        names = "--port",
        defaultValue = "0",
        description =
            "Port for the JSON-RPC endpoint; 0 picks a free one. Default: ${DEFAULT-VALUE}")
    int port;

    @Option(
        names = "--accounts",
        defaultValue = "4",
        description =
            "Role accounts to create and fund (user-1, solver-1, verifier-1, challenger-1, user-2,"
                + " ...). Default: ${DEFAULT-VALUE}")
    int accounts;

    @Override
    public Integer call() {
      if (port < 0 || port > 65535) {
        throw new ParameterException(spec.commandLine(), "--port must be 0..65535, got " + port);
      }
      if (accounts < 0 || accounts > 1000) {
        throw new ParameterException(
            spec.commandLine(), "--accounts must be 0..1000, got " + accounts);
      }
      DevnetManager.UpResult r;
      try {
        r = manager().up(port, accounts);
      } catch (AnvilProcess.PortBusyException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage());
      }
      if (json) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("status", "running");
        doc.put("pid", r.node().pid());
        doc.put("rpcUrl", r.node().rpcUrl());
        doc.put("chainId", r.node().chainId());
        doc.put("deploymentFile", dir.resolve("deployment.json").toString());
        doc.put("keystoreDir", r.keystoreDir());
        doc.put("passwordFile", r.passwordFile());
        doc.put("accounts", r.accounts());
        doc.put("contracts", r.deployment().contracts());
        JsonOut.print(out(), doc);
      } else {
        PrintWriter o = out();
        o.printf(
            "devnet running: %s (chain id %d, anvil pid %d)%n",
            r.node().rpcUrl(), r.node().chainId(), r.node().pid());
        o.printf("deployment:  %s%n", dir.resolve("deployment.json"));
        o.printf("keystores:   %s (password in %s)%n", r.keystoreDir(), r.passwordFile());
        r.accounts().forEach((role, addr) -> o.printf("  %-14s %s%n", role, addr));
        o.printf("stop it with: tribunal devnet down --dir %s%n", dir);
      }
      return 0;
    }
  }

  @Command(
      name = "down",
      mixinStandardHelpOptions = true,
      description = "Stop the anvil that 'devnet up' started from DIR (by pid; nothing else).")
  static final class Down extends Base {
    @Override
    public Integer call() {
      Optional<DevnetDirectory.RunningNode> stopped = manager().down();
      if (json) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("status", stopped.isPresent() ? "stopped" : "not-running");
        stopped.ifPresent(n -> doc.put("pid", n.pid()));
        JsonOut.print(out(), doc);
      } else if (stopped.isPresent()) {
        out()
            .printf(
                "devnet stopped (anvil pid %d, %s)%n", stopped.get().pid(), stopped.get().rpcUrl());
      } else {
        out().printf("no devnet running from %s%n", dir);
      }
      return 0;
    }
  }

  @Command(
      name = "status",
      mixinStandardHelpOptions = true,
      description =
          "Report whether the devnet in DIR is running, its RPC URL, block and contracts.")
  static final class Status extends Base {
    @Override
    public Integer call() {
      DevnetDirectory d = new DevnetDirectory(dir);
      Optional<DevnetDirectory.RunningNode> node = manager().status();
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("status", node.isPresent() ? "running" : "stopped");
      node.ifPresent(
          n -> {
            doc.put("pid", n.pid());
            doc.put("rpcUrl", n.rpcUrl());
            doc.put("chainId", n.chainId());
            doc.put("block", DevnetManager.blockNumber(n.rpcUrl()));
            if (java.nio.file.Files.isRegularFile(d.deploymentFile())) {
              doc.put("contracts", Deployment.read(d.deploymentFile()).contracts());
            }
            doc.put("accounts", d.readAccounts());
          });
      if (json) {
        JsonOut.print(out(), doc);
      } else if (node.isEmpty()) {
        out().printf("devnet in %s: stopped%n", dir);
      } else {
        out()
            .printf(
                "devnet in %s: running, %s, chain id %s, block %s, anvil pid %s%n",
                dir, doc.get("rpcUrl"), doc.get("chainId"), doc.get("block"), doc.get("pid"));
      }
      return node.isPresent() ? 0 : 3;
    }
  }
}
