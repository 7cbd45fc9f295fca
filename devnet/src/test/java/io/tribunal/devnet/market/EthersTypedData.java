package io.tribunal.devnet.market;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tribunal.bindings.eip712.Bytes32;
import io.tribunal.bindings.eip712.EcdsaSignature;
import io.tribunal.bindings.eip712.Eip712Domain;
import io.tribunal.devnet.Toolchain;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.web3j.crypto.Credentials;
import org.web3j.utils.Numeric;

/**
 * Signs EIP-712 data with ethers 6 {@code signTypedData} (contracts/scripts/sign-typed.js), as a
 * MetaMask or ethers wallet would, so tests prove the contracts accept what real wallets produce.
 */
public final class EthersTypedData {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** ethers' signature and its own digest of the data. */
  public record Signed(EcdsaSignature signature, Bytes32 digest, String signer) {}

  private EthersTypedData() {}

  /**
   * Signs {@code message} of the single struct type {@code encodedType} (e.g. {@code
   * JobRequest.TYPE}): the field list given to ethers is parsed from that exact type string.
   */
  public static Signed sign(
      Credentials key, Eip712Domain domain, String encodedType, Map<String, Object> message) {
    String primary = encodedType.substring(0, encodedType.indexOf('('));
    Map<String, Object> arg = new LinkedHashMap<>();
    arg.put(
        "privateKey",
        Numeric.toHexStringWithPrefixZeroPadded(key.getEcKeyPair().getPrivateKey(), 64));
    arg.put("domain", domainJson(domain));
    arg.put("types", Map.of(primary, fields(encodedType)));
    arg.put("primaryType", primary);
    arg.put("message", message);
    JsonNode out = run(arg);
    return new Signed(
        EcdsaSignature.fromHex(out.get("signature").asText()),
        Bytes32.fromHex(out.get("digest").asText()),
        out.get("signer").asText());
  }

  private static Map<String, Object> domainJson(Eip712Domain d) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", d.name());
    m.put("version", d.version());
    m.put("chainId", Long.toString(d.chainId()));
    m.put("verifyingContract", d.verifyingContract());
    return m;
  }

  /** {@code Name(type a,type b)} → {@code [{name: a, type: type}, ...]}. */
  static List<Map<String, String>> fields(String encodedType) {
    String inner = encodedType.substring(encodedType.indexOf('(') + 1, encodedType.indexOf(')'));
    List<Map<String, String>> out = new ArrayList<>();
    for (String member : inner.split(",")) {
      String[] typeAndName = member.split(" ");
      out.add(Map.of("name", typeAndName[1], "type", typeAndName[0]));
    }
    return out;
  }

  private static JsonNode run(Object argument) {
    try {
      Process p =
          new ProcessBuilder(
                  "node",
                  Toolchain.script("sign-typed.js").toString(),
                  JSON.writeValueAsString(argument))
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException(
            "sign-typed.js failed: " + new String(out, StandardCharsets.UTF_8));
      }
      return JSON.readTree(out);
    } catch (IOException e) {
      throw new IllegalStateException("cannot run node sign-typed.js: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while signing with ethers", e);
    }
  }
}
