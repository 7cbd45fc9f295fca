package io.tribunal.devnet.kit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One role daemon's config, the YAML an operator writes (docs/operators.md), built as an ordered
 * map and rendered by Jackson YAML, so values are quoted and nested correctly whatever they hold.
 * Start one from {@link RoleLayout#config(String)}.
 */
public final class RoleConfig {
  private static final ObjectMapper YAML =
      new ObjectMapper(
          YAMLFactory.builder().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER).build());

  private final Map<String, Object> doc = new LinkedHashMap<>();

  RoleConfig() {}

  /** Sets top-level {@code key}; paths are written as strings, maps and lists as nested YAML. */
  public RoleConfig with(String key, Object value) {
    doc.put(key, value instanceof Path p ? p.toString() : value);
    return this;
  }

  /**
   * A solver's part: the stake it keeps, its claim policy, its relay/checkpoint port, the one model
   * it trains, and how often it checkpoints and logs progress (no fsync: devnet speed).
   */
  public RoleConfig solver(
      BigInteger stake,
      Map<String, Object> policy,
      int httpPort,
      String model,
      int checkpointInterval,
      int progressEvery) {
    return with("stake", stake)
        .with("policy", policy)
        .with("http", section("port", httpPort))
        .with("models", List.of(section("spec", model)))
        .with(
            "training",
            section(
                "checkpointInterval",
                checkpointInterval,
                "progressEvery",
                progressEvery,
                "fsync",
                false));
  }

  /**
   * Adds the top-level keys of a YAML snippet (e.g. {@code "replay: all\n"}), replacing keys
   * already set, as a later duplicate key in the file would. A blank snippet adds nothing.
   */
  public RoleConfig merge(String yaml) {
    if (yaml.isBlank()) {
      return this;
    }
    try {
      Map<String, Object> extra = YAML.readValue(yaml, new TypeReference<>() {});
      if (extra != null) {
        doc.putAll(extra);
      }
      return this;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a YAML mapping: " + yaml, e);
    }
  }

  /** The config as YAML text. */
  public String yaml() {
    try {
      return YAML.writeValueAsString(doc);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render the role config as YAML", e);
    }
  }

  /** Writes the YAML to {@code file} (creating its directory); returns {@code file}. */
  public Path write(Path file) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(file, yaml());
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An ordered nested mapping from alternating keys and values. */
  public static Map<String, Object> section(Object... keysAndValues) {
    if (keysAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("section needs key/value pairs");
    }
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      m.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return m;
  }
}
