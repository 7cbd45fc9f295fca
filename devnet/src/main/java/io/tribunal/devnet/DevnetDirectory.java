package io.tribunal.devnet;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;

/**
 * The on-disk state of one devnet: {@code devnet.json} (the anvil we started: pid, port, RPC URL),
 * {@code anvil.log}, {@code deployment.json}, {@code accounts.json} (role → address) and {@code
 * keystore/} (Ethereum keystore V3 files and the devnet password file).
 */
public record DevnetDirectory(Path root) {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** What {@code devnet up} started, so {@code down} stops exactly that process. */
  public record RunningNode(
      @JsonProperty("pid") long pid,
      @JsonProperty("port") int port,
      @JsonProperty("rpcUrl") String rpcUrl,
      @JsonProperty("chainId") long chainId) {}

  public Path stateFile() {
    return root.resolve("devnet.json");
  }

  /** Anvil's dump of the chain, written when it stops and loaded when {@code up} restores it. */
  public Path chainStateFile() {
    return root.resolve("chain-state.json");
  }

  /** True when a stopped devnet left a chain, its deployment and its accounts to restore. */
  public boolean hasSavedChain() {
    return Files.isRegularFile(chainStateFile()) && Files.isRegularFile(deploymentFile());
  }

  public Path log() {
    return root.resolve("anvil.log");
  }

  public Path deploymentFile() {
    return root.resolve("deployment.json");
  }

  public Path accountsFile() {
    return root.resolve("accounts.json");
  }

  public Path keystoreDir() {
    return root.resolve("keystore");
  }

  public Path passwordFile() {
    return keystoreDir().resolve("password.txt");
  }

  public Optional<RunningNode> readNode() {
    if (!Files.isRegularFile(stateFile())) {
      return Optional.empty();
    }
    try {
      return Optional.of(JSON.readValue(stateFile().toFile(), RunningNode.class));
    } catch (IOException e) {
      throw new IllegalStateException(
          "corrupt devnet state file " + stateFile() + ": " + e.getMessage(), e);
    }
  }

  public void writeNode(RunningNode node) {
    writeJson(stateFile(), node);
  }

  public void clearNode() {
    try {
      Files.deleteIfExists(stateFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public void writeAccounts(Map<String, String> roleToAddress) {
    writeJson(accountsFile(), new java.util.TreeMap<>(roleToAddress));
  }

  @SuppressWarnings("unchecked")
  public Map<String, String> readAccounts() {
    try {
      return Files.isRegularFile(accountsFile())
          ? JSON.readValue(accountsFile().toFile(), java.util.TreeMap.class)
          : Map.of();
    } catch (IOException e) {
      throw new IllegalStateException("corrupt " + accountsFile() + ": " + e.getMessage(), e);
    }
  }

  private void writeJson(Path file, Object value) {
    try {
      Files.createDirectories(root);
      Path tmp = Files.createTempFile(root, ".state", ".tmp");
      JSON.writeValue(tmp.toFile(), value);
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
