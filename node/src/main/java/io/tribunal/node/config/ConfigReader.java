package io.tribunal.node.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads typed fields out of a YAML document and collects every problem (missing field, wrong type,
 * out of range) instead of failing on the first, so an operator fixes a config in one pass. Call
 * {@link #done()} after reading: it throws one {@link ConfigException} listing all problems.
 *
 * <p>Relative paths are resolved against the config file's directory, so a config and the files it
 * names can move together; a leading {@code ~/} is the user's home directory.
 *
 * <p>Keys nobody read are reported by {@link #done()} as unknown (with the closest known key), so a
 * misspelled {@code colateralBudget} is an error instead of a silently ignored setting.
 *
 * <p>Longer than 250 lines on purpose: one small accessor per value type (string, path, URI,
 * integer, amount, boolean, duration, decimal, list), all sharing the one problem list; unknown
 * keys and duration text live in {@link UnknownKeys} and {@link DurationText}.
 */
public final class ConfigReader {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private final Path file;
  private final JsonNode root;
  private final List<String> problems;
  private final String prefix;
  private final java.util.Set<String> seen;

  private ConfigReader(
      Path file, JsonNode root, List<String> problems, String prefix, java.util.Set<String> seen) {
    this.file = file;
    this.root = root;
    this.problems = problems;
    this.prefix = prefix;
    this.seen = seen;
  }

  /** The node of key {@code name}, recorded as known. */
  private JsonNode node(String name) {
    seen.add(prefix + name);
    return root.path(name);
  }

  public static ConfigReader load(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new ConfigException(file, List.of("file not found"));
    }
    try {
      JsonNode node = YAML.readTree(file.toFile());
      if (node == null || !node.isObject()) {
        throw new ConfigException(file, List.of("expected a YAML mapping at the top level"));
      }
      return new ConfigReader(file, node, new ArrayList<>(), "", new java.util.HashSet<>());
    } catch (IOException e) {
      throw new ConfigException(file, List.of("not valid YAML: " + firstLine(e.getMessage())));
    }
  }

  /** For tests and programmatic configs: a YAML string, paths resolved against {@code base}. */
  public static ConfigReader parse(Path base, String yaml) {
    try {
      JsonNode node = YAML.readTree(yaml);
      return new ConfigReader(
          base.resolve("config.yaml"),
          node == null || !node.isObject() ? YAML.createObjectNode() : node,
          new ArrayList<>(),
          "",
          new java.util.HashSet<>());
    } catch (IOException e) {
      throw new ConfigException(base, List.of("not valid YAML: " + firstLine(e.getMessage())));
    }
  }

  public Path file() {
    return file;
  }

  /** A nested section; missing sections read as empty (their required fields then report). */
  public ConfigReader section(String name) {
    JsonNode n = node(name);
    if (!n.isMissingNode() && !n.isNull() && !n.isObject()) {
      problem(name, "must be a mapping");
      n = MissingNode.getInstance();
    }
    JsonNode obj = n.isObject() ? n : YAML.createObjectNode();
    return new ConfigReader(file, obj, problems, prefix + name + ".", seen);
  }

  public boolean has(String name) {
    JsonNode n = node(name);
    return !n.isMissingNode() && !n.isNull();
  }

  public String requireString(String name) {
    return optString(name).orElseGet(() -> missing(name, ""));
  }

  public Optional<String> optString(String name) {
    JsonNode n = node(name);
    if (n.isMissingNode() || n.isNull()) {
      return Optional.empty();
    }
    if (!n.isValueNode() || n.asText().isBlank()) {
      problem(name, "must be a non-empty string");
      return Optional.empty();
    }
    return Optional.of(n.asText());
  }

  public Path requirePath(String name) {
    return optPath(name).orElseGet(() -> missing(name, Path.of(".")));
  }

  public Optional<Path> optPath(String name) {
    return optString(name).map(s -> expand(s));
  }

  public URI requireUri(String name) {
    return optString(name)
        .map(s -> parsed(name, s, URI::create, "not a URI"))
        .flatMap(Optional::ofNullable)
        .orElseGet(() -> missing(name, URI.create("http://invalid")));
  }

  public Optional<URI> optUri(String name) {
    return optString(name).map(s -> parsed(name, s, URI::create, "not a URI"));
  }

  public long requireLong(String name, long min, long max) {
    return optLong(name, min, max).orElseGet(() -> missing(name, min));
  }

  public long longOr(String name, long dflt, long min, long max) {
    return optLong(name, min, max).orElse(dflt);
  }

  public Optional<Long> optLong(String name, long min, long max) {
    JsonNode n = node(name);
    if (n.isMissingNode() || n.isNull()) {
      return Optional.empty();
    }
    if (!n.canConvertToExactIntegral() && !(n.isTextual() && n.asText().matches("-?[0-9]+"))) {
      problem(name, "must be an integer, got '" + n.asText() + "'");
      return Optional.empty();
    }
    long v = n.isTextual() ? Long.parseLong(n.asText()) : n.asLong();
    if (v < min || v > max) {
      problem(name, "must be in [" + min + ", " + max + "], got " + v);
      return Optional.empty();
    }
    return Optional.of(v);
  }

  /** A non-negative amount in token base units; YAML integers or decimal strings. */
  public BigInteger requireAmount(String name) {
    return optAmount(name).orElseGet(() -> missing(name, BigInteger.ZERO));
  }

  public Optional<BigInteger> optAmount(String name) {
    JsonNode n = node(name);
    if (n.isMissingNode() || n.isNull()) {
      return Optional.empty();
    }
    String text = n.asText();
    if (!text.matches("[0-9]{1,78}")) {
      problem(name, "must be a non-negative integer amount (base units), got '" + text + "'");
      return Optional.empty();
    }
    return Optional.of(new BigInteger(text));
  }

  public boolean boolOr(String name, boolean dflt) {
    JsonNode n = node(name);
    if (n.isMissingNode() || n.isNull()) {
      return dflt;
    }
    if (!n.isBoolean()) {
      problem(name, "must be true or false");
      return dflt;
    }
    return n.asBoolean();
  }

  /** A duration such as {@code 500ms}, {@code 2s}, {@code 1m}. */
  public Duration durationOr(String name, Duration dflt) {
    return optString(name).map(s -> parsed(name, s, DurationText::parse, "")).orElse(dflt);
  }

  public String decimalOr(String name, String dflt) {
    return optString(name)
        .map(s -> parsed(name, s, t -> new BigDecimal(t).toPlainString(), "not a decimal"))
        .orElse(dflt);
  }

  /** The list under {@code name}, each item a mapping read by {@code item}. */
  public <T> List<T> list(String name, Function<ConfigReader, T> item) {
    JsonNode n = node(name);
    List<T> out = new ArrayList<>();
    if (n.isMissingNode() || n.isNull()) {
      return out;
    }
    if (!n.isArray()) {
      problem(name, "must be a list");
      return out;
    }
    for (int i = 0; i < n.size(); i++) {
      JsonNode e = n.get(i);
      if (!e.isObject()) {
        problem(name + "[" + i + "]", "must be a mapping");
        continue;
      }
      out.add(
          item.apply(new ConfigReader(file, e, problems, prefix + name + "[" + i + "].", seen)));
    }
    return out;
  }

  /** Records a problem for {@code field} (validation beyond types). */
  public void problem(String field, String what) {
    problems.add(prefix + field + ": " + what);
  }

  /** {@code ~/…} under the home directory; other relative paths against the config's directory. */
  private Path expand(String s) {
    if (s.equals("~") || s.startsWith("~/")) {
      return Path.of(System.getProperty("user.home"))
          .resolve(s.substring(Math.min(2, s.length())))
          .normalize();
    }
    return file.toAbsolutePath().getParent().resolve(s).normalize();
  }

  /**
   * Throws one exception listing every problem, if there were any, including every key no reader
   * asked for (unknown, probably misspelled).
   */
  public void done() {
    problems.addAll(UnknownKeys.in(root, prefix, seen));
    if (!problems.isEmpty()) {
      throw new ConfigException(file, problems);
    }
  }

  public ObjectNode raw() {
    return root.isObject() ? (ObjectNode) root : YAML.createObjectNode();
  }

  private <T> T missing(String name, T placeholder) {
    problem(name, "missing (required)");
    return placeholder;
  }

  private <T> T parsed(String name, String text, Function<String, T> parse, String hint) {
    try {
      return parse.apply(text);
    } catch (RuntimeException e) {
      problem(
          name, (hint.isEmpty() ? "" : hint + ": ") + "'" + text + "' (" + e.getMessage() + ")");
      return null;
    }
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "unknown error";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
