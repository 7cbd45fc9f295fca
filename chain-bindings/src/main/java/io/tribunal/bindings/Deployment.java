package io.tribunal.bindings;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Where the protocol lives on one chain: chain id, RPC URL, and each contract's address and
 * deployment block (the block event scanners start from). Role code reads it from {@code
 * deployment.json}; the devnet writes it. Contract names are the Solidity contract names.
 *
 * <p>Invariant: contracts are kept sorted by name so the file is byte-stable for the same content.
 */
public record Deployment(
    @JsonProperty("chainId") long chainId,
    @JsonProperty("rpcUrl") String rpcUrl,
    @JsonProperty("contracts") Map<String, ContractRef> contracts) {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** One deployed contract. */
  public record ContractRef(
      @JsonProperty("address") String address, @JsonProperty("block") long block) {
    public ContractRef {
      Objects.requireNonNull(address, "address");
      if (!address.matches("0x[0-9a-fA-F]{40}")) {
        throw new IllegalArgumentException("not an address: " + address);
      }
      if (block < 0) {
        throw new IllegalArgumentException("negative block number: " + block);
      }
    }
  }

  public Deployment {
    Objects.requireNonNull(rpcUrl, "rpcUrl");
    if (chainId <= 0) {
      throw new IllegalArgumentException("chainId must be positive, got " + chainId);
    }
    contracts =
        Collections.unmodifiableMap(new TreeMap<>(contracts == null ? Map.of() : contracts));
  }

  /** The address of {@code name}, or a clear error naming what is deployed. */
  public String address(String name) {
    return find(name)
        .map(ContractRef::address)
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "contract "
                        + name
                        + " is not in this deployment (has: "
                        + contracts.keySet()
                        + ")"));
  }

  public Optional<ContractRef> find(String name) {
    return Optional.ofNullable(contracts.get(name));
  }

  /** A copy with one more contract. */
  public Deployment with(String name, String address, long block) {
    Map<String, ContractRef> next = new TreeMap<>(contracts);
    next.put(name, new ContractRef(address, block));
    return new Deployment(chainId, rpcUrl, next);
  }

  public static Deployment read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("deployment file not found: " + file);
    }
    try {
      return JSON.readValue(file.toFile(), Deployment.class);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot read deployment file " + file + ": " + e.getMessage(), e);
    }
  }

  /** Writes atomically (temp file, then rename), so a reader never sees half a file. */
  public void write(Path file) {
    try {
      Path dir = file.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, ".deployment", ".tmp");
      JSON.writeValue(tmp.toFile(), this);
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write deployment file " + file, e);
    }
  }

  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
