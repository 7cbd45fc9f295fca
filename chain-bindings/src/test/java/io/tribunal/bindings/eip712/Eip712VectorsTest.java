package io.tribunal.bindings.eip712;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.web3j.crypto.Credentials;
import org.web3j.utils.Numeric;

/**
 * Java against the shared vectors that ethers 6 generated and the forge tests also read
 * (contracts/test/vectors/eip712.json). Both web3j and ethers sign with RFC 6979 deterministic
 * nonces and normalise to low S, so equal digests and keys must give byte-identical signatures.
 */
class Eip712VectorsTest {
  private static final JsonNode VECTORS = load();

  private static JsonNode load() {
    String dir = System.getProperty("tribunal.contracts.dir", "../contracts");
    Path file = Path.of(dir, "test", "vectors", "eip712.json");
    try {
      return new ObjectMapper().readTree(Files.readString(file));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read shared EIP-712 vectors at " + file, e);
    }
  }

  @Test
  void reproducesTheSpecsMailExampleWordForWordAndSignsItLikeEthers() {
    JsonNode mail = VECTORS.get("mail");
    JsonNode msg = mail.get("message");
    String person = "Person(string name,address wallet)";
    byte[] typeHash = Eip712.typeHash(mail.get("typeString").asText());
    byte[] structHash =
        Eip712.hashStruct(
            typeHash,
            person(person, msg.get("from")),
            person(person, msg.get("to")),
            Eip712.stringHash(msg.get("contents").asText()));
    Eip712Domain domain = domain(mail.get("domain"));
    Bytes32 digest = domain.digest(new Bytes32(structHash));
    Credentials cow = Credentials.create(Numeric.toHexString(Eip712.stringHash("cow")));

    assertThat(mail.get("typeString").asText())
        .isEqualTo("Mail(Person from,Person to,string contents)" + person);
    assertThat(Numeric.toHexString(typeHash)).isEqualTo(text(mail, "typeHash"));
    assertThat(domain.separator().hex()).isEqualTo(text(mail, "domainSeparator"));
    assertThat(Numeric.toHexString(structHash)).isEqualTo(text(mail, "structHash"));
    assertThat(digest.hex())
        .isEqualTo(text(mail, "digest"))
        .isEqualTo("0xbe609aee343fb3c4b28e1df9e632fca64fcfaede20f02e86244efddf30957bd2");
    assertThat(cow.getAddress()).isEqualToIgnoringCase(text(mail, "signer"));
    assertThat(EcdsaSignature.sign(digest.bytes(), cow).toHex()).isEqualTo(text(mail, "signature"));
  }

  @ParameterizedTest
  @MethodSource("jobRequests")
  void hashesAndSignsEveryJobRequestExactlyLikeEthers(JsonNode v) {
    JobRequest request = jobRequest(v.get("request"));
    Eip712Domain domain = domain(v.get("domain"));

    assertThat(JobRequest.TYPE).isEqualTo(text(v, "typeString"));
    assertThat(JobRequest.TYPE_HASH.hex()).isEqualTo(text(v, "typeHash"));
    assertThat(domain.separator().hex()).isEqualTo(text(v, "domainSeparator"));
    assertThat(request.structHash().hex()).isEqualTo(text(v, "structHash"));
    assertThat(request.digest(domain).hex()).isEqualTo(text(v, "digest"));
    assertSignatures(v, request.sign(domain, signer(v)), request.digest(domain));
  }

  @ParameterizedTest
  @MethodSource("vouchers")
  void hashesAndSignsEveryVoucherExactlyLikeEthers(JsonNode v) {
    Bytes32 channelId =
        Voucher.channelId(text(v, "payer"), text(v, "payee"), Bytes32.fromHex(text(v, "salt")));
    Voucher voucher = new Voucher(channelId, new BigInteger(text(v, "cumulativeAmount")));
    Eip712Domain domain = domain(v.get("domain"));

    assertThat(channelId.hex()).isEqualTo(text(v, "channelId"));
    assertThat(Voucher.TYPE).isEqualTo(text(v, "typeString"));
    assertThat(Voucher.TYPE_HASH.hex()).isEqualTo(text(v, "typeHash"));
    assertThat(domain.separator().hex()).isEqualTo(text(v, "domainSeparator"));
    assertThat(voucher.structHash().hex()).isEqualTo(text(v, "structHash"));
    assertThat(voucher.digest(domain).hex()).isEqualTo(text(v, "digest"));
    assertSignatures(v, voucher.sign(domain, signer(v)), voucher.digest(domain));
  }

  @ParameterizedTest
  @MethodSource("permits")
  void hashesAndSignsEveryTestUsdPermitExactlyLikeEthers(JsonNode v) {
    JsonNode m = v.get("message");
    Eip2612Permit permit =
        new Eip2612Permit(
            text(m, "owner"),
            text(m, "spender"),
            new BigInteger(text(m, "value")),
            new BigInteger(text(m, "nonce")),
            new BigInteger(text(m, "deadline")));
    Eip712Domain domain = domain(v.get("domain"));

    assertThat(domain.name()).isEqualTo(Eip712Domain.TEST_USD_NAME);
    assertThat(permit.digest(domain).hex()).isEqualTo(text(v, "digest"));
    EcdsaSignature signature = permit.sign(domain, signer(v));
    assertThat(signature.toHex()).isEqualTo(text(v, "signature"));
    assertThat(signature.recover(permit.digest(domain).bytes()))
        .isEqualToIgnoringCase(text(m, "owner"));
  }

  @Test
  void convertsAJobRequestToTheGeneratedWrapperStructAndBack() {
    JobRequest request = jobRequest(VECTORS.get("jobRequests").get(2).get("request"));

    assertThat(JobRequest.fromWrapper(request.toWrapper())).isEqualTo(request);
    assertThat(request.toWrapper().datasetURI).isEqualTo(request.datasetURI());
  }

  @Test
  void theVectorsCoverEveryCaseTheContractsTestsRelyOn() {
    assertThat(VECTORS.get("jobRequests")).hasSize(4);
    assertThat(VECTORS.get("vouchers")).hasSize(3);
    assertThat(VECTORS.get("permits")).hasSize(2);
  }

  private static void assertSignatures(JsonNode v, EcdsaSignature java, Bytes32 digest) {
    EcdsaSignature ethers = EcdsaSignature.fromHex(text(v, "signature"));
    EcdsaSignature highS = EcdsaSignature.fromHex(text(v, "highSSignature"));
    String signer = signer(v).getAddress();

    assertThat(java.toHex()).as("RFC 6979 signature").isEqualTo(text(v, "signature"));
    assertThat(java.isLowS()).isTrue();
    assertThat(ethers.recover(digest.bytes())).isEqualToIgnoringCase(signer);
    assertThat(highS.isLowS()).as("malleable twin").isFalse();
    assertThat(highS.r()).isEqualTo(ethers.r());
    assertThat(highS.recover(digest.bytes())).isEqualToIgnoringCase(signer);
  }

  private static byte[] person(String type, JsonNode p) {
    return Eip712.hashStruct(
        Eip712.typeHash(type),
        Eip712.stringHash(p.get("name").asText()),
        Eip712.address(p.get("wallet").asText()));
  }

  private static JobRequest jobRequest(JsonNode r) {
    return new JobRequest(
        text(r, "user"),
        Bytes32.fromHex(text(r, "modelSpecHash")),
        Bytes32.fromHex(text(r, "datasetRoot")),
        text(r, "datasetURI"),
        Bytes32.fromHex(text(r, "hyperParamsHash")),
        uint(r, "steps"),
        uint(r, "seed"),
        uint(r, "price"),
        uint(r, "collateral"),
        uint(r, "claimDeadline"),
        uint(r, "commitDeadline"),
        uint(r, "nonce"));
  }

  private static Eip712Domain domain(JsonNode d) {
    return new Eip712Domain(
        text(d, "name"),
        text(d, "version"),
        Long.parseLong(text(d, "chainId")),
        text(d, "verifyingContract"));
  }

  private static Credentials signer(JsonNode v) {
    return Credentials.create(
        VECTORS.get("keys").get(v.get("signerKey").asInt()).get("privateKey").asText());
  }

  private static String text(JsonNode n, String field) {
    JsonNode f = n.get(field);
    if (f == null) {
      throw new IllegalStateException("vector has no field " + field + ": " + n);
    }
    return f.asText();
  }

  private static BigInteger uint(JsonNode n, String field) {
    return new BigInteger(text(n, field));
  }

  static Stream<Named<JsonNode>> jobRequests() {
    return named("jobRequests");
  }

  static Stream<Named<JsonNode>> vouchers() {
    return named("vouchers");
  }

  static Stream<Named<JsonNode>> permits() {
    return named("permits");
  }

  private static Stream<Named<JsonNode>> named(String section) {
    return StreamSupport.stream(VECTORS.get(section).spliterator(), false)
        .map(v -> Named.of(v.get("name").asText(), v));
  }
}
