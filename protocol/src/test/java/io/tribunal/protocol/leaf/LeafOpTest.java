package io.tribunal.protocol.leaf;

import static org.assertj.core.api.Assertions.assertThat;

import io.tribunal.core.ops.Op;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class LeafOpTest {
  private static final Path TYPES = Path.of("..", "contracts", "src", "types", "DisputeTypes.sol");

  @Test
  void opIndicesMatchTheSolidityEnumAndCoresPermitsOrder() throws Exception {
    Matcher enumBody =
        Pattern.compile("enum OpKind \\{([^}]*)\\}").matcher(Files.readString(TYPES));
    assertThat(enumBody.find()).isTrue();
    List<String> solidity = Arrays.stream(enumBody.group(1).split(",")).map(String::trim).toList();
    List<String> permits =
        Arrays.stream(Op.class.getPermittedSubclasses()).map(Class::getSimpleName).toList();
    List<String> java =
        Arrays.stream(LeafOp.values()).map(op -> op.name().replace("_", "").toLowerCase()).toList();
    assertThat(solidity.stream().map(String::toLowerCase).toList()).isEqualTo(java);
    assertThat(permits.stream().map(String::toLowerCase).toList()).isEqualTo(java);
  }
}
