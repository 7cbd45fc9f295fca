package io.tribunal.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contracts build itself: compiler errors fail loudly, npm installs are reused. */
class ContractsBuildTest {
  private static final Path CONTRACTS = Path.of(System.getProperty("tribunal.contracts.dir", "."));

  record Run(int exit, String output) {}

  private static Run node(String... args) throws IOException, InterruptedException {
    String[] cmd = new String[args.length + 1];
    cmd[0] = "node";
    System.arraycopy(args, 0, cmd, 1, args.length);
    Process p =
        new ProcessBuilder(cmd).directory(CONTRACTS.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return new Run(p.exitValue(), out);
  }

  @Test
  void aSoliditySyntaxErrorFailsTheBuildWithTheCompilersMessage(@TempDir Path tmp)
      throws Exception {
    Path src = Files.createDirectories(tmp.resolve("src"));
    Files.writeString(
        src.resolve("Broken.sol"),
        "// SPDX-License-Identifier: Apache-2.0\npragma solidity 0.8.37;\ncontract Broken {\n"
            + "  function f() external pure returns (uint256) { return 1 }\n}\n");

    Run run = node("scripts/compile.js", src.toString(), tmp.resolve("out").toString());

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.output())
        .contains("ParserError")
        .contains("Expected ';' but got '}'")
        .contains("Broken.sol")
        .contains("compilation failed with 1 error(s)");
    assertThat(tmp.resolve("out")).doesNotExist();
  }

  @Test
  void aTypeErrorAlsoFailsTheBuild(@TempDir Path tmp) throws Exception {
    Path src = Files.createDirectories(tmp.resolve("src"));
    Files.writeString(
        src.resolve("Typo.sol"),
        "// SPDX-License-Identifier: Apache-2.0\npragma solidity 0.8.37;\ncontract Typo {\n"
            + "  function f() external pure returns (uint256) { return undefinedThing; }\n}\n");

    Run run = node("scripts/compile.js", src.toString(), tmp.resolve("out").toString());

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.output()).contains("DeclarationError").contains("Undeclared identifier");
  }

  @Test
  void aSecondBuildReusesTheNpmInstall() throws Exception {
    Path marker = CONTRACTS.resolve("node_modules/solc/package.json");
    long before = Files.getLastModifiedTime(marker).toMillis();

    Run run = node("scripts/ensure-deps.js");

    assertThat(run.exit()).isZero();
    assertThat(run.output()).contains("up to date").contains("not reinstalling");
    assertThat(Files.getLastModifiedTime(marker).toMillis()).isEqualTo(before);
  }

  @Test
  void theBuildShipsAnArtifactPerDeployableContract() {
    assertThat(getClass().getResource("/io/tribunal/contracts/artifacts/TestUSD.json")).isNotNull();
  }
}
