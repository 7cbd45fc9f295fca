package io.tribunal.devnet.cli;

import io.tribunal.bindings.Deployment;
import io.tribunal.devnet.AnvilProcess;
import io.tribunal.devnet.DevnetDirectory;
import io.tribunal.devnet.DevnetManager;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.math.BigInteger;
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

/**
 * {@code tribunal devnet up|down|status|mine|warp|fund}: a local anvil chain with everything
 * deployed, and the knobs a developer needs on it.
 */
@Command(
    name = "devnet",
    description = {
      "Run a local development chain (anvil) with every Tribunal contract deployed",
      "and funded role accounts in Ethereum keystore (V3) files."
    },
    mixinStandardHelpOptions = true,
    subcommands = {
      DevnetCommand.Up.class,
      DevnetCommand.Down.class,
      DevnetCommand.Status.class,
      DevnetCommand.Mine.class,
      DevnetCommand.Warp.class,
      DevnetCommand.Fund.class
    })
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

    /** Runs an action on the running devnet; "not running" is a usage error (exit 2). */
    <T> T running(java.util.function.Supplier<T> action) {
      try {
        return action.get();
      } catch (IllegalStateException e) {
        if (e.getMessage() != null && e.getMessage().startsWith("no devnet running")) {
          throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        throw e;
      }
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

    @Override
    public Integer call() {
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
        o.printf("stop it with: tribunal devnet down --dir %s%n", dir);
      }
      return 0;
    }
  }

  @Command(
      name = "down",
      mixinStandardHelpOptions = true,
      description = {
        "Stop the anvil that 'devnet up' started from DIR (by pid; nothing else).",
        "The chain is saved to DIR/chain-state.json as it stops; the next 'devnet up --dir DIR'",
        "restores it (the same chain id, contracts, keys, balances and jobs); 'up --reset' starts",
        "afresh."
      })
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
                "devnet stopped (anvil pid %d, %s); chain saved to %s: 'devnet up --dir %s'"
                    + " restores it%n",
                stopped.get().pid(), stopped.get().rpcUrl(), dir.resolve("chain-state.json"), dir);
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

  @Command(
      name = "mine",
      mixinStandardHelpOptions = true,
      description = "Mine N empty blocks on the running devnet (default 1).")
  static final class Mine extends Base {
    @picocli.CommandLine.Parameters(
        arity = "0..1",
        paramLabel = "N",
        defaultValue = "1",
        description = "Blocks to mine, 1..100000. Default: ${DEFAULT-VALUE}")
    long blocks;

    @Override
    public Integer call() {
      if (blocks < 1 || blocks > 100_000) {
        throw new ParameterException(spec.commandLine(), "N must be 1..100000, got " + blocks);
      }
      BigInteger head = running(() -> manager().mine(blocks));
      if (json) {
        JsonOut.print(out(), Map.of("mined", blocks, "block", head));
      } else {
        out().printf("mined %d block(s); head is block %s%n", blocks, head);
      }
      return 0;
    }
  }

  @Command(
      name = "warp",
      mixinStandardHelpOptions = true,
      description = {
        "Move the devnet's chain time forward and mine a block there: e.g. past a challenge",
        "window ('tribunal devnet warp 2h') so a job can finalize."
      })
  static final class Warp extends Base {
    @picocli.CommandLine.Parameters(
        paramLabel = "DURATION",
        description = "How far: a number with a unit, s, m, h or d (90s, 15m, 2h, 1d).")
    String duration;

    @Override
    public Integer call() {
      long seconds = seconds(duration);
      BigInteger now = running(() -> manager().warp(seconds));
      if (json) {
        JsonOut.print(out(), Map.of("warpedSeconds", seconds, "timestamp", now));
      } else {
        out()
            .printf(
                "chain time moved %d s on; the latest block is at %s (unix %s)%n",
                seconds, java.time.Instant.ofEpochSecond(now.longValueExact()), now);
      }
      return 0;
    }

    private long seconds(String d) {
      var m = java.util.regex.Pattern.compile("(\\d{1,9})([smhd])").matcher(d.trim());
      if (!m.matches()) {
        throw new ParameterException(
            spec.commandLine(),
            "DURATION must be a number with a unit s, m, h or d (e.g. 2h), got '" + d + "'");
      }
      long n = Long.parseLong(m.group(1));
      long unit =
          switch (m.group(2)) {
            case "s" -> 1;
            case "m" -> 60;
            case "h" -> 3600;
            default -> 86_400;
          };
      if (n == 0) {
        throw new ParameterException(spec.commandLine(), "DURATION must be > 0");
      }
      return n * unit;
    }
  }

  @Command(
      name = "fund",
      mixinStandardHelpOptions = true,
      description = {
        "Send devnet ETH (for gas) and mint test tUSD to ADDRESS, e.g. a wallet made with",
        "'tribunal wallet new'. Without --eth or --tusd it sends 10 ETH and 1,000 tUSD."
      })
  static final class Fund extends Base {
    @picocli.CommandLine.Parameters(
        paramLabel = "ADDRESS",
        description = "0x address; mixed case must be a valid EIP-55 checksum.")
    String address;

    @Option(names = "--eth", paramLabel = "N", description = "Whole ETH to send.")
    Long eth;

    @Option(names = "--tusd", paramLabel = "N", description = "Whole tUSD to mint.")
    Long tusd;

    @Override
    public Integer call() {
      if (!org.web3j.crypto.WalletUtils.isValidAddress(address) || !address.startsWith("0x")) {
        throw new ParameterException(
            spec.commandLine(),
            "ADDRESS must be 0x followed by 40 hex digits, got '" + address + "'");
      }
      String body = address.substring(2);
      boolean mixed = !body.equals(body.toLowerCase()) && !body.equals(body.toUpperCase());
      if (mixed && !org.web3j.crypto.Keys.toChecksumAddress(address).equals(address)) {
        throw new ParameterException(
            spec.commandLine(),
            "ADDRESS "
                + address
                + " fails its EIP-55 checksum (a typo?); the checksummed form of these digits is "
                + org.web3j.crypto.Keys.toChecksumAddress(address));
      }
      long e = eth == null && tusd == null ? 10 : eth == null ? 0 : eth;
      long u = eth == null && tusd == null ? 1_000 : tusd == null ? 0 : tusd;
      if (e < 0 || u < 0 || e > 1_000_000 || u > 1_000_000_000) {
        throw new ParameterException(
            spec.commandLine(), "--eth must be 0..1000000 and --tusd 0..1000000000");
      }
      running(
          () -> {
            manager().fund(address, e, u);
            return null;
          });
      if (json) {
        JsonOut.print(out(), Map.of("address", address, "eth", e, "tusd", u));
      } else {
        out().printf("funded %s with %d ETH and %d tUSD%n", address, e, u);
      }
      return 0;
    }
  }
}
