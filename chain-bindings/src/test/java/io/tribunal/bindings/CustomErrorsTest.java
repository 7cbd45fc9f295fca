package io.tribunal.bindings;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.Hash;

class CustomErrorsTest {
  private static final String HOLDER = "0x70997970c51812dc3a010c7d01b50e44fc16ad47";

  private static String revertData(String signature, List<Type> args) {
    return Hash.sha3String(signature).substring(0, 10) + FunctionEncoder.encodeConstructor(args);
  }

  @Test
  void namesAnOpenZeppelinErrorWithItsArguments() {
    String data =
        revertData(
            "ERC20InsufficientBalance(address,uint256,uint256)",
            List.of(
                new Address(HOLDER),
                new Uint256(BigInteger.ZERO),
                new Uint256(BigInteger.valueOf(25_000_000))));
    assertThat(data).startsWith("0xe450d38c");
    assertThat(CustomErrors.describe(data))
        .contains("ERC20InsufficientBalance(sender: " + HOLDER + ", balance: 0, needed: 25000000)");
  }

  @Test
  void namesTheContractsOwnErrorsAndThoseWithoutArguments() {
    String none = revertData("DataAvailability_NothingToWithdraw()", List.of());
    assertThat(CustomErrors.describe(none)).contains("DataAvailability_NothingToWithdraw()");
    String blob =
        revertData("DataAvailability_MissingBlob(uint256)", List.of(new Uint256(BigInteger.TWO)));
    assertThat(CustomErrors.describe(blob)).contains("DataAvailability_MissingBlob(index: 2)");
  }

  @Test
  void rewritesTheNodesRawMessageAndLeavesUnknownSelectorsAlone() {
    String data =
        revertData(
            "ERC20InsufficientBalance(address,uint256,uint256)",
            List.of(new Address(HOLDER), new Uint256(BigInteger.ONE), new Uint256(BigInteger.TEN)));
    String node =
        "execution reverted: custom error " + data.substring(0, 10) + ": " + data.substring(10);
    assertThat(CustomErrors.decodeIn(node))
        .isEqualTo(
            "execution reverted: ERC20InsufficientBalance(sender: "
                + HOLDER
                + ", balance: 1, needed: 10)");
    String unknown = "execution reverted: custom error 0xdeadbeef: 00";
    assertThat(CustomErrors.decodeIn(unknown)).isEqualTo(unknown);
    assertThat(CustomErrors.describe("0x")).isEmpty();
    assertThat(new TransactionRevertedException("execution reverted", "\"" + data + "\""))
        .hasMessage(
            "transaction would revert: ERC20InsufficientBalance(sender: "
                + HOLDER
                + ", balance: 1, needed: 10)");
  }
}
