package io.tribunal.bindings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Type;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/**
 * Names Solidity custom errors in revert data, as {@code cast} does: every error declared in the
 * contracts' ABIs (artifacts shipped on the classpath, OpenZeppelin's inherited ones included),
 * found by selector and decoded with its arguments, e.g. {@code ERC20InsufficientBalance(sender:
 * 0x…, balance: 0, needed: 25000000)}.
 */
public final class CustomErrors {
  private static final String[] ARTIFACTS = {
    "AdminTimelock",
    "DataAvailability",
    "DisputeGame",
    "DisputeGameLens",
    "JobMarket",
    "LeafVerifier",
    "PaymentChannels",
    "StakeRegistry",
    "TestUSD"
  };

  private record Param(String name, String type) {}

  private record ErrorAbi(String name, List<Param> params) {}

  private static volatile Map<String, ErrorAbi> bySelector;

  private CustomErrors() {}

  /**
   * The error in {@code revertData} (0x + selector + ABI-encoded arguments), named and decoded, if
   * its selector is one of the contracts' errors.
   */
  public static Optional<String> describe(String revertData) {
    if (revertData == null || !revertData.startsWith("0x") || revertData.length() < 10) {
      return Optional.empty();
    }
    String selector = revertData.substring(0, 10).toLowerCase(java.util.Locale.ROOT);
    ErrorAbi e = errors().get(selector);
    if (e == null) {
      return Optional.empty();
    }
    return Optional.of(e.name() + "(" + arguments(e, revertData.substring(10)) + ")");
  }

  private static final java.util.regex.Pattern RAW =
      java.util.regex.Pattern.compile(
          "custom error (0x[0-9a-fA-F]{8})(?::\\s*(?:0x)?([0-9a-fA-F]*))?");

  /**
   * {@code text} with every node-reported {@code custom error 0x<selector>[: <args>]} replaced by
   * the named, decoded error (unknown selectors stay as they are).
   */
  public static String decodeIn(String text) {
    if (text == null) {
      return null;
    }
    java.util.regex.Matcher m = RAW.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String data = m.group(1) + (m.group(2) == null ? "" : m.group(2));
      String named = describe(data).orElse(m.group());
      m.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(named));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String arguments(ErrorAbi e, String encoded) {
    if (e.params().isEmpty()) {
      return "";
    }
    try {
      List<TypeReference<Type>> refs = new ArrayList<>();
      for (Param p : e.params()) {
        @SuppressWarnings("unchecked")
        TypeReference<Type> ref = (TypeReference<Type>) TypeReference.makeTypeReference(p.type());
        refs.add(ref);
      }
      List<Type> values = FunctionReturnDecoder.decode(encoded, refs);
      if (values.size() != refs.size()) {
        return "0x" + encoded;
      }
      StringBuilder out = new StringBuilder();
      for (int i = 0; i < values.size(); i++) {
        if (i > 0) {
          out.append(", ");
        }
        String name = e.params().get(i).name();
        if (!name.isEmpty()) {
          out.append(name).append(": ");
        }
        out.append(show(values.get(i)));
      }
      return out.toString();
    } catch (RuntimeException | ClassNotFoundException ex) {
      return "0x" + encoded; // a type this decoder does not know (tuples): the raw arguments
    }
  }

  private static String show(Type value) {
    Object v = value.getValue();
    if (v instanceof byte[] b) {
      return Numeric.toHexString(b);
    }
    if (v instanceof List<?> list) {
      List<String> items = new ArrayList<>();
      for (Object o : list) {
        items.add(o instanceof Type t ? show(t) : String.valueOf(o));
      }
      return items.toString();
    }
    return String.valueOf(v);
  }

  private static Map<String, ErrorAbi> errors() {
    Map<String, ErrorAbi> m = bySelector;
    if (m == null) {
      m = load();
      bySelector = m;
    }
    return m;
  }

  private static Map<String, ErrorAbi> load() {
    ObjectMapper json = new ObjectMapper();
    Map<String, ErrorAbi> out = new TreeMap<>();
    for (String name : ARTIFACTS) {
      String resource = "/io/tribunal/contracts/artifacts/" + name + ".json";
      try (InputStream in = CustomErrors.class.getResourceAsStream(resource)) {
        if (in == null) {
          continue;
        }
        for (JsonNode entry : json.readTree(in).path("abi")) {
          if (!"error".equals(entry.path("type").asText())) {
            continue;
          }
          List<Param> params = new ArrayList<>();
          for (JsonNode input : entry.path("inputs")) {
            params.add(new Param(input.path("name").asText(), input.path("type").asText()));
          }
          String signature =
              entry.path("name").asText()
                  + "("
                  + String.join(",", params.stream().map(Param::type).toList())
                  + ")";
          String selector = Hash.sha3String(signature).substring(0, 10);
          out.putIfAbsent(selector, new ErrorAbi(entry.path("name").asText(), params));
        }
      } catch (IOException e) {
        throw new IllegalStateException(
            "cannot read the ABI " + resource + ": " + e.getMessage(), e);
      }
    }
    return Map.copyOf(out);
  }
}
