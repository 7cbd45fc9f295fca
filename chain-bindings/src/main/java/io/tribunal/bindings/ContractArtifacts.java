package io.tribunal.bindings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Reads the compiled contract artifacts ({@code {contractName, abi, bytecode, ...}}) that the
 * contracts module ships as classpath resources under {@code io/tribunal/contracts/artifacts}.
 */
public final class ContractArtifacts {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ContractArtifacts() {}

  public static JsonNode read(String contractName) {
    String resource = "/io/tribunal/contracts/artifacts/" + contractName + ".json";
    try (InputStream in = ContractArtifacts.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no compiled artifact for contract " + contractName);
      }
      return JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read artifact " + resource, e);
    }
  }

  /** The creation bytecode, 0x-prefixed. */
  public static String bytecode(String contractName) {
    return read(contractName).get("bytecode").asText();
  }
}
