package io.tribunal.devnet.besu;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tribunal.devnet.DevAccounts;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.rlp.RlpDecoder;
import org.web3j.rlp.RlpList;
import org.web3j.rlp.RlpString;
import org.web3j.rlp.RlpType;
import org.web3j.utils.Numeric;

/**
 * Keeps devnet/besu/ consistent without Docker: genesis extraData, validator keys, the compose
 * bootnode and the pinned EVM version must all agree. Rerun {@link BesuNetwork#main} after changing
 * a key.
 */
class BesuNetworkFilesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String BFT_MIX_HASH =
      "0x63746963616c2062797a616e74696e65206661756c7420746f6c6572616e6365";

  @Test
  void genesisExtraDataIsRecomputedFromTheCommittedValidatorKeys() throws Exception {
    assertThat(BesuNetwork.genesisExtraData())
        .as("genesis.json extraData is stale: rerun BesuNetwork.main (see devnet/besu/README.md)")
        .isEqualToIgnoringCase(BesuNetwork.expectedExtraData());
    assertThat(genesis().get("extraData").asText()).isEqualTo(BesuNetwork.genesisExtraData());
  }

  @Test
  void extraDataHasTheQbftLayoutWithFourValidators() throws Exception {
    List<RlpType> top =
        ((RlpList)
                RlpDecoder.decode(Numeric.hexStringToByteArray(BesuNetwork.genesisExtraData()))
                    .getValues()
                    .get(0))
            .getValues();
    assertThat(top).hasSize(5);
    assertThat(((RlpString) top.get(0)).getBytes()).isEqualTo(new byte[32]); // vanity
    List<String> validators =
        ((RlpList) top.get(1))
            .getValues().stream()
                .map(v -> Numeric.toHexString(((RlpString) v).getBytes()))
                .toList();
    assertThat(validators)
        .containsExactlyElementsOf(
            BesuNetwork.validators().stream().map(Credentials::getAddress).toList())
        .doesNotHaveDuplicates()
        .hasSize(BesuNetwork.VALIDATORS);
    assertThat(((RlpList) top.get(2)).getValues()).as("no vote").isEmpty();
    assertThat(((RlpString) top.get(3)).getBytes()).as("round 0 (0x80)").isEmpty();
    assertThat(((RlpList) top.get(4)).getValues()).as("no seals").isEmpty();
    assertThat(BesuNetwork.genesisExtraData()).endsWith("c080c0");
  }

  @Test
  void validatorKeysAreTheDocumentedDevnetOnlyKeys() throws Exception {
    List<Credentials> committed = BesuNetwork.validators();
    for (int n = 1; n <= BesuNetwork.VALIDATORS; n++) {
      String text = Files.readString(BesuNetwork.keyFile(n));
      assertThat(text).as("Besu key file format").matches("0x[0-9a-f]{64}");
      assertThat(committed.get(n - 1).getEcKeyPair().getPrivateKey())
          .as("validator-%d key is keccak256(\"%s%d\")", n, BesuNetwork.KEY_LABEL, n)
          .isEqualTo(BesuNetwork.derivedKey(n).getPrivateKey());
    }
    assertThat(Files.readString(BesuNetwork.dir().resolve("keys/README.md")))
        .containsIgnoringCase("devnet only");
  }

  @Test
  void genesisPinsTheContractsEvmVersionFreeGasAndQbft() throws Exception {
    JsonNode config = genesis().get("config");
    assertThat(config.get("chainId").asLong()).isEqualTo(BesuNetwork.CHAIN_ID);
    // the contracts are compiled for this EVM (contracts/scripts/solc-settings.js): the genesis
    // must activate that fork and every one before it at genesis
    String evm = pinnedEvmVersion();
    for (String fork : List.of("londonBlock", "shanghaiTime", evm + "Time")) {
      assertThat(config.path(fork).isNumber())
          .as("genesis.json config.%s (contracts use evmVersion %s)", fork, evm)
          .isTrue();
      assertThat(config.get(fork).asLong()).as(fork).isZero();
    }
    // free gas: zero base fee (nodes also run with --min-gas-price=0)
    assertThat(config.get("zeroBaseFee").asBoolean()).isTrue();
    assertThat(hex(genesis().get("baseFeePerGas"))).isZero();
    JsonNode qbft = config.get("qbft");
    assertThat(qbft.get("blockperiodseconds").asInt()).isBetween(1, 2);
    assertThat(qbft.get("requesttimeoutseconds").asInt())
        .isGreaterThan(qbft.get("blockperiodseconds").asInt());
    assertThat(qbft.get("epochlength").asLong()).isPositive();
    assertThat(genesis().get("mixHash").asText()).isEqualTo(BFT_MIX_HASH);
  }

  @Test
  void genesisFundsTheDeployerAndDevAccountsOneToThree() throws Exception {
    JsonNode alloc = genesis().get("alloc");
    for (int i = 0; i <= 3; i++) {
      String address = DevAccounts.get(i).getAddress().substring(2).toLowerCase(Locale.ROOT);
      assertThat(alloc.has(address)).as("dev account %d %s funded", i, address).isTrue();
      assertThat(hex(alloc.get(address).get("balance")))
          .isGreaterThanOrEqualTo(BigInteger.TEN.pow(18 + 3));
    }
    assertThat(alloc.has("f39fd6e51aad88f6f4ce6ab8827279cfffb92266")).isTrue();
  }

  @Test
  void composeUsesValidatorOneAsBootnodeAndMountsEveryKey() throws Exception {
    String compose = Files.readString(BesuNetwork.compose());
    String bootnodeId = BesuNetwork.enodeId(BesuNetwork.validators().get(0));
    Matcher enodes = Pattern.compile("enode://([0-9a-fA-F]+)@").matcher(compose);
    int count = 0;
    while (enodes.find()) {
      assertThat(enodes.group(1)).isEqualToIgnoringCase(bootnodeId);
      count++;
    }
    assertThat(count).as("nodes 2..4 boot from node 1").isEqualTo(BesuNetwork.VALIDATORS - 1);
    for (int n = 1; n <= BesuNetwork.VALIDATORS; n++) {
      assertThat(compose).contains("./keys/validator-" + n + "/key:/config/key");
    }
    assertThat(compose)
        .contains(BesuNetwork.DEFAULT_IMAGE)
        .contains("--rpc-http-api=ETH,NET,QBFT,WEB3")
        .contains("--min-gas-price=0")
        .contains("--host-allowlist=*");
  }

  private static JsonNode genesis() throws Exception {
    return JSON.readTree(BesuNetwork.genesis().toFile());
  }

  private static BigInteger hex(JsonNode node) {
    return Numeric.toBigInt(node.asText());
  }

  private static String pinnedEvmVersion() throws Exception {
    String dir = System.getProperty("tribunal.contracts.dir");
    Path settings =
        (dir != null ? Path.of(dir) : BesuNetwork.dir().resolve("../../contracts"))
            .resolve("scripts/solc-settings.js");
    Matcher m =
        Pattern.compile("evmVersion\\s*:\\s*['\"](\\w+)['\"]").matcher(Files.readString(settings));
    assertThat(m.find()).as("evmVersion in " + settings).isTrue();
    return m.group(1);
  }
}
