package io.tribunal.bindings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeploymentTest {
  private static final String A = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
  private static final String B = "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512";

  @Test
  void roundTripsThroughJsonWithContractsSortedByName(@TempDir Path dir) throws Exception {
    Deployment d =
        new Deployment(31337, "http://127.0.0.1:8545", Map.of())
            .with("TestUSD", A, 1)
            .with("JobMarket", B, 2);
    Path file = dir.resolve("deployment.json");
    d.write(file);

    Deployment back = Deployment.read(file);

    assertThat(back).isEqualTo(d);
    assertThat(back.address("TestUSD")).isEqualTo(A);
    assertThat(back.find("JobMarket").orElseThrow().block()).isEqualTo(2);
    assertThat(Files.readString(file).indexOf("JobMarket"))
        .isLessThan(Files.readString(file).indexOf("TestUSD"));
  }

  @Test
  void namesWhatIsDeployedWhenAContractIsMissing() {
    Deployment d = new Deployment(1, "http://x", Map.of()).with("TestUSD", A, 0);
    assertThatThrownBy(() -> d.address("JobMarket"))
        .hasMessageContaining("JobMarket")
        .hasMessageContaining("TestUSD");
  }

  @Test
  void rejectsBadFilesAndFieldsWithClearErrors(@TempDir Path dir) throws Exception {
    assertThatThrownBy(() -> Deployment.read(dir.resolve("nope.json")))
        .hasMessageContaining("not found");
    Path corrupt = Files.writeString(dir.resolve("bad.json"), "{\"chainId\": ");
    assertThatThrownBy(() -> Deployment.read(corrupt)).hasMessageContaining("cannot read");
    assertThatThrownBy(() -> new Deployment(0, "http://x", Map.of()))
        .hasMessageContaining("chainId");
    assertThatThrownBy(() -> new Deployment.ContractRef("0x12", 0)).hasMessageContaining("address");
  }
}
