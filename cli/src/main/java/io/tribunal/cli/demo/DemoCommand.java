package io.tribunal.cli.demo;

import io.tribunal.bindings.Deployment;
import io.tribunal.bindings.TribunalChain;
import io.tribunal.core.data.MnistNpm;
import io.tribunal.devnet.DevAccounts;
import io.tribunal.devnet.DevnetDirectory;
import io.tribunal.devnet.DevnetManager;
import io.tribunal.devnet.kit.ReceiptLagProxy;
import io.tribunal.devnet.kit.RoleLayout;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tribunal demo}: the whole story on a fresh embedded devnet, which it always tears down (on
 * success, on failure and on Ctrl-C) unless {@code --keep}. Progress goes to stderr, the balance
 * table (or {@code --json}) to stdout.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Run the end-to-end story on a fresh embedded devnet, then tear it down:",
      "  1. a user signs an MNIST job + permit (no gas); a solver's relay submits it",
      "  2. the honest solver daemon claims it, trains (progress shown), commits",
      "  3. the verifier daemon samples transitions, replays them and attests",
      "  4. the challenge window passes (the demo moves anvil's clock), the job",
      "     finalizes, the solver and the verifier are paid",
      "  5. the user buys inference on the trained model: opens a payment channel",
      "     to the solver, pays 100 requests with signed vouchers (none on chain),",
      "     and the solver closes the channel with the last one",
      "  6. a second solver, configured to cheat, takes a second job and commits a",
      "     bad trace (the honest one skips it on price; the cheat cannot afford",
      "     the first job's collateral)",
      "  7. the challenger daemon opens a dispute game; each move is printed from",
      "     the DisputeGame events, then the exact step, op and element",
      "  8. the cheat is slashed: a reward and move refunds to the challenger,",
      "     price + 30% to the user, the rest to the treasury",
      "  9. every party's wallet, stake and claimable tUSD, before and after",
      "Each role is a real daemon with its own config, data dir and ports: on its",
      "own thread, or as its own JVM with --processes. Needs nothing but this",
      "repository (anvil comes from the npm packages the build installs).",
      "Takes about half a minute after the build; the devnet always goes down",
      "(on failure and Ctrl-C too) unless --keep.",
      ""
    })
public final class DemoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--dir",
      description =
          "Working directory (devnet, role configs, data, logs). Default: a new temporary"
              + " directory, deleted afterwards unless the demo fails or --keep is given.")
  Path dir;

  @Option(
      names = "--keep",
      description = "Leave the devnet running at the end (the role daemons are stopped).")
  boolean keep;

  @Option(
      names = "--json",
      description = "Print the final balance table as JSON (token base units) on stdout.")
  boolean json;

  @Option(
      names = "--processes",
      description = "Run each role daemon as its own JVM instead of its own thread.")
  boolean processes;

  @Option(
      names = "--receipt-lag-ms",
      hidden = true,
      description =
          "Test fixture: the role daemons reach the chain through a proxy that withholds each"
              + " transaction receipt for a random 0..N ms while the nonce already shows it.")
  long receiptLagMs;

  @Override
  public Integer call() throws Exception {
    Path root = dir != null ? dir : Files.createTempDirectory("tribunal-demo");
    Path logs = root.resolve("logs");
    Files.createDirectories(logs);
    if (!processes && System.getProperty("org.slf4j.simpleLogger.logFile") == null) {
      // in-process daemons log to a file; takes effect if nothing has logged yet in this JVM
      System.setProperty("org.slf4j.simpleLogger.logFile", logs.resolve("daemons.log").toString());
    }
    PrintWriter out = spec.commandLine().getOut();
    DevnetDirectory devnetDir = new DevnetDirectory(root);
    DevnetManager devnet =
        new DevnetManager(
            devnetDir, new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
    RoleRunner roles = RoleRunner.of(processes, logs);
    AtomicBoolean tornDown = new AtomicBoolean();
    Runnable teardown =
        () -> {
          if (tornDown.compareAndSet(false, true)) {
            roles.stopAll();
            if (!keep) {
              devnet.down();
            }
          }
        };
    Thread hook = new Thread(teardown, "demo-teardown");
    Runtime.getRuntime().addShutdownHook(hook);
    long start = System.nanoTime();
    BalanceSheet sheet;
    boolean ok = false;
    try {
      say("devnet up: anvil + every contract + 6 funded keystore accounts in " + root);
      DevnetManager.UpResult up = devnet.up(0, 6);
      // a fresh chain: role state from an earlier run in this directory belongs to the old one
      if (Files.isDirectory(root.resolve("roles"))) {
        deleteTree(root.resolve("roles"));
      }
      Path cache = root.resolve("datasets");
      MnistNpm.load(
          cache,
          io.tribunal.protocol.layout.NpmLocator
              .packages()); // converted once; every role reads the cache
      try (TribunalChain chain = TribunalChain.connect(up.node().rpcUrl());
          ReceiptLagProxy lag =
              receiptLagMs > 0
                  ? ReceiptLagProxy.start(
                      up.node().rpcUrl(), java.time.Duration.ofMillis(receiptLagMs), 7)
                  : null) {
        Deployment deployment = Deployment.read(devnetDir.deploymentFile());
        say("watch it live: tribunal explorer --deployment " + devnetDir.deploymentFile());
        if (lag != null) {
          say("roles reach the chain through a receipt-lag proxy at " + lag.rpcUrl());
        }
        RoleConfigs configs =
            new RoleConfigs(
                new RoleLayout(
                    root.resolve("roles"),
                    devnetDir.deploymentFile(),
                    lag != null ? lag.rpcUrl() : up.node().rpcUrl(),
                    devnetDir.keystoreDir(),
                    devnetDir.passwordFile(),
                    cache));
        sheet =
            new DemoStory(
                    roles,
                    configs,
                    new ChainWatch(chain, deployment, roles),
                    deployment,
                    up.accounts(),
                    DevAccounts.deployer().getAddress(),
                    DemoCommand::say)
                .run();
      }
      ok = true;
    } finally {
      say(keep ? "stopping the roles" : "stopping the roles; devnet down");
      teardown.run();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // already shutting down: the hook has run
      }
      if (keep) {
        say("devnet left running: tribunal devnet down --dir " + root);
      } else if (dir == null && ok) {
        deleteTree(root);
      } else if (!ok) {
        say("the demo failed; configs, data and daemon logs are in " + root);
      }
    }
    say(
        String.format(
            "9/9 done in %.0f s; every party's balances before and after:",
            (System.nanoTime() - start) / 1e9));
    if (json) {
      sheet.printJson(out);
    } else {
      sheet.printTable(out);
    }
    return 0;
  }

  private static void deleteTree(Path root) throws IOException {
    try (var paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  private static void say(String line) {
    System.err.println("[demo] " + line);
    System.err.flush();
  }
}
