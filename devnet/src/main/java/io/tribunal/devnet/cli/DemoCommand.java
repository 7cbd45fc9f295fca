package io.tribunal.devnet.cli;

import io.tribunal.bindings.Deployment;
import io.tribunal.bindings.TribunalChain;
import io.tribunal.devnet.DevnetDirectory;
import io.tribunal.devnet.DevnetManager;
import io.tribunal.devnet.Keystores;
import io.tribunal.devnet.PermitTransfer;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.web3j.crypto.Credentials;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The end-to-end demo on an embedded devnet. Today's story: devnet up, contracts deployed, a user
 * whose key lives in a keystore file signs an EIP-2612 permit, a relayer submits it and moves the
 * tokens, balances are printed, devnet down. Later issues extend the story to jobs and disputes.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Run the end-to-end demo on a fresh embedded devnet and tear it down afterwards.",
      "Needs nothing but this repository: anvil comes from the npm packages the build installs."
    })
public final class DemoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--dir",
      description = "Working directory for the demo's devnet. Default: a new temporary directory.")
  Path dir;

  @Option(names = "--keep", description = "Leave the devnet running at the end.")
  boolean keep;

  @Option(names = "--json", description = "Print the final balances as JSON on stdout.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    Path root = dir != null ? dir : Files.createTempDirectory("tribunal-demo");
    PrintWriter out = spec.commandLine().getOut();
    DevnetDirectory devnetDir = new DevnetDirectory(root);
    DevnetManager devnet = new DevnetManager(devnetDir, System.err);
    step("1/5 devnet up (anvil + contracts + 4 funded keystore accounts) in " + root);
    DevnetManager.UpResult up = devnet.up(0, 4);
    try (TribunalChain chain = TribunalChain.connect(up.node().rpcUrl())) {
      Deployment deployment = Deployment.read(devnetDir.deploymentFile());
      String password = Keystores.readPassword(devnetDir.passwordFile());
      Credentials user = Keystores.load(devnetDir.keystoreDir().resolve("user-1.json"), password);
      Credentials relayer =
          Keystores.load(devnetDir.keystoreDir().resolve("solver-1.json"), password);
      String recipient = up.accounts().get("verifier-1");
      PermitTransfer smoke = new PermitTransfer(chain, deployment);
      BigInteger amount = BigInteger.valueOf(125).multiply(BigInteger.TEN.pow(6));

      Map<String, String> parties = new LinkedHashMap<>();
      parties.put("user-1 (signs the permit)", user.getAddress());
      parties.put("solver-1 (relays, pays gas)", relayer.getAddress());
      parties.put("verifier-1 (receives)", recipient);
      Map<String, BigInteger[]> balances = new LinkedHashMap<>();
      parties.forEach((name, a) -> balances.put(name, new BigInteger[] {smoke.balanceOf(a), null}));

      step("2/5 user-1 signs an EIP-2612 permit for 125 tUSD with its keystore key (no gas)");
      PermitTransfer.SignedPermit signed = smoke.sign(user, relayer.getAddress(), amount);
      step("3/5 solver-1 relays the permit and calls transferFrom to verifier-1");
      PermitTransfer.Result r = smoke.relay(signed, relayer, recipient);
      step(
          "    permit tx   "
              + r.permitTx().getTransactionHash()
              + " gas "
              + r.permitTx().getGasUsed());
      step(
          "    transfer tx "
              + r.transferTx().getTransactionHash()
              + " gas "
              + r.transferTx().getGasUsed());
      parties.forEach((name, a) -> balances.get(name)[1] = smoke.balanceOf(a));

      step("4/5 balances (tUSD)");
      printBalances(out, balances);
    } finally {
      if (!keep) {
        step("5/5 devnet down");
        devnet.down();
        if (dir == null) {
          deleteTree(root);
        }
      } else {
        step("5/5 devnet left running: tribunal devnet down --dir " + root);
      }
    }
    return 0;
  }

  private void printBalances(PrintWriter out, Map<String, BigInteger[]> balances) {
    if (json) {
      Map<String, Object> doc = new LinkedHashMap<>();
      balances.forEach(
          (k, v) -> doc.put(k, Map.of("before", v[0].toString(), "after", v[1].toString())));
      JsonOut.print(out, doc);
      return;
    }
    out.printf("%-30s %14s %14s%n", "party", "before", "after");
    balances.forEach((k, v) -> out.printf("%-30s %14s %14s%n", k, usd(v[0]), usd(v[1])));
    out.flush();
  }

  private static void deleteTree(Path root) throws java.io.IOException {
    try (var paths = Files.walk(root)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  private static String usd(BigInteger units) {
    return new BigDecimal(units).movePointLeft(6).toPlainString();
  }

  private static void step(String line) {
    System.err.println("[demo] " + line);
  }
}
