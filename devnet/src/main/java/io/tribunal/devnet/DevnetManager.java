package io.tribunal.devnet;

import io.tribunal.bindings.Deployment;
import io.tribunal.bindings.TribunalChain;
import io.tribunal.devnet.kit.AnvilRpc;
import java.io.PrintStream;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.web3j.crypto.Credentials;

/**
 * Brings a devnet up and down in a directory. {@code up} starts a detached anvil, records its pid
 * before doing anything else (so {@code down} can always stop it), deploys every contract, and
 * creates funded keystore accounts. {@code down} stops only the process recorded there, and only if
 * it is still an anvil.
 */
public final class DevnetManager {
  /** Role names handed out in this order, numbered: user-1, solver-1, verifier-1, ... */
  public static final List<String> ROLES = List.of("user", "solver", "verifier", "challenger");

  public static final long FUND_ETH = 100;
  public static final long FUND_USD = 10_000;

  private final DevnetDirectory dir;
  private final PrintStream progress;

  public DevnetManager(DevnetDirectory dir, PrintStream progress) {
    this.dir = dir;
    this.progress = progress;
  }

  /** What {@code up} produced. */
  public record UpResult(
      DevnetDirectory.RunningNode node,
      Deployment deployment,
      Map<String, String> accounts,
      String keystoreDir,
      String passwordFile,
      boolean restored) {}

  public UpResult up(int port, int accounts) {
    return up(port, accounts, 0, true);
  }

  /**
   * Starts the devnet: anvil (mining every {@code blockTimeSeconds} as well as on transactions; 0 =
   * only on transactions), every contract, and {@code accounts} funded role keystores. Keys of an
   * earlier devnet in the directory are replaced only if {@code replaceKeys}. A devnet stopped with
   * {@code down} left its chain in {@code chain-state.json}: without {@code replaceKeys} it is
   * restored (same chain, blocks, contracts, keys and balances) instead of deployed afresh.
   */
  public UpResult up(int port, int accounts, int blockTimeSeconds, boolean replaceKeys) {
    if (accounts < 0 || accounts > 1000) {
      throw new IllegalArgumentException("--accounts must be 0..1000, got " + accounts);
    }
    Optional<DevnetDirectory.RunningNode> existing = status();
    if (existing.isPresent()) {
      throw new IllegalStateException(
          "a devnet is already running from "
              + dir.root()
              + " (pid "
              + existing.get().pid()
              + ", "
              + existing.get().rpcUrl()
              + "); run 'tribunal devnet down --dir "
              + dir.root()
              + "' first");
    }
    if (!replaceKeys && dir.hasSavedChain()) {
      return new SavedChain(dir, progress).restore(port, blockTimeSeconds);
    }
    deleteSavedChain();
    if (!replaceKeys && accounts > 0 && holdsKeys()) {
      throw new IllegalStateException(
          dir.keystoreDir()
              + " holds the keystores of an earlier devnet; 'up' would replace them (their"
              + " addresses and funds on the old chain would be lost to your configs). Pass"
              + " --reset to replace them, or use another --dir");
    }
    AnvilProcess anvil =
        AnvilProcess.startDetached(port, dir.log(), blockTimeSeconds, dir.chainStateFile());
    try (TribunalChain chain = TribunalChain.connect(anvil.rpcUrl())) {
      var node =
          new DevnetDirectory.RunningNode(
              anvil.pid(), anvil.port(), anvil.rpcUrl(), chain.chainId());
      dir.writeNode(node);
      progress.printf("anvil started: pid %d, %s%n", anvil.pid(), anvil.rpcUrl());
      DevnetDeployer deployer = new DevnetDeployer(chain, DevAccounts.deployer());
      Deployment deployment = deployer.deployAll();
      deployment.write(dir.deploymentFile());
      deployment
          .contracts()
          .forEach((name, ref) -> progress.printf("deployed %s at %s%n", name, ref.address()));
      Map<String, String> roles = createAccounts(deployer, deployment, accounts);
      return new UpResult(
          node,
          deployment,
          roles,
          dir.keystoreDir().toString(),
          dir.passwordFile().toString(),
          false);
    } catch (RuntimeException e) {
      anvil.close();
      dir.clearNode();
      throw e;
    }
  }

  private void deleteSavedChain() {
    try {
      java.nio.file.Files.deleteIfExists(dir.chainStateFile());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot remove " + dir.chainStateFile(), e);
    }
  }

  private Map<String, String> createAccounts(
      DevnetDeployer deployer, Deployment deployment, int count) {
    String password = Keystores.newDevnetPassword(dir.passwordFile());
    Map<String, String> roles = new LinkedHashMap<>();
    for (int i = 0; i < count; i++) {
      String role = ROLES.get(i % ROLES.size()) + "-" + (i / ROLES.size() + 1);
      Credentials c = Keystores.create(dir.keystoreDir(), role, password);
      deployer.fund(deployment, c.getAddress(), FUND_ETH, FUND_USD);
      roles.put(role, c.getAddress());
      progress.printf(
          "funded %s %s with %d ETH and %d tUSD%n", role, c.getAddress(), FUND_ETH, FUND_USD);
    }
    dir.writeAccounts(roles);
    return roles;
  }

  private boolean holdsKeys() {
    try (var files = java.nio.file.Files.list(dir.keystoreDir())) {
      return files.anyMatch(f -> f.getFileName().toString().endsWith(".json"));
    } catch (java.nio.file.NoSuchFileException e) {
      return false;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The running node, or a clear error saying how to start one. */
  public DevnetDirectory.RunningNode requireRunning() {
    return status()
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "no devnet running from "
                        + dir.root()
                        + "; start one with 'tribunal devnet up --dir "
                        + dir.root()
                        + "'"));
  }

  /** Mines {@code blocks} empty blocks; returns the new head. */
  public BigInteger mine(long blocks) {
    try (TribunalChain chain = TribunalChain.connect(requireRunning().rpcUrl())) {
      AnvilRpc.call(chain, "anvil_mine", List.of(blocks));
      return chain.blockNumber();
    }
  }

  /** Moves chain time {@code seconds} on and mines a block there; returns its timestamp. */
  public BigInteger warp(long seconds) {
    try (TribunalChain chain = TribunalChain.connect(requireRunning().rpcUrl())) {
      AnvilRpc.advanceTime(chain, seconds);
      return AnvilRpc.now(chain);
    }
  }

  /** Sends {@code eth} ETH and mints {@code usd} tUSD to {@code address} from the deployer. */
  public void fund(String address, long eth, long usd) {
    try (TribunalChain chain = TribunalChain.connect(requireRunning().rpcUrl())) {
      new DevnetDeployer(chain, DevAccounts.deployer())
          .fund(Deployment.read(dir.deploymentFile()), address, eth, usd);
    }
  }

  /** Stops the anvil recorded in the directory. Returns the node it stopped, if any. */
  public Optional<DevnetDirectory.RunningNode> down() {
    ExplorerProcess.stop(dir);
    Optional<DevnetDirectory.RunningNode> node = dir.readNode();
    if (node.isEmpty()) {
      return Optional.empty();
    }
    Optional<ProcessHandle> handle = AnvilProcess.findAnvil(node.get().pid());
    handle.ifPresent(AnvilProcess::stop);
    if (handle.isPresent() && handle.get().isAlive()) {
      throw new IllegalStateException("anvil pid " + node.get().pid() + " did not stop");
    }
    dir.clearNode();
    return handle.isPresent() ? node : Optional.empty();
  }

  /** The recorded node if it is still running; a stale record (process gone) reads as empty. */
  public Optional<DevnetDirectory.RunningNode> status() {
    return dir.readNode().filter(n -> AnvilProcess.findAnvil(n.pid()).isPresent());
  }

  /** Current block of a running devnet, for status output. */
  public static BigInteger blockNumber(String rpcUrl) {
    try (TribunalChain chain = TribunalChain.connect(rpcUrl)) {
      return chain.blockNumber();
    }
  }
}
