package io.tribunal.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tribunal.bindings.Deployment;
import io.tribunal.cli.TribunalCli;
import io.tribunal.devnet.testing.AnvilExtension;
import io.tribunal.devnet.testing.Devnet;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code solver|verifier|challenger check --config}: a good config passes every check against a
 * real anvil; each broken piece (wrong password, another chain's deployment, a missing keystore, a
 * stake the wallet cannot cover, a misspelled key) is named by its own FAIL line or, for the file
 * itself, one usage line with exit 2. Nothing is sent.
 */
@ExtendWith(AnvilExtension.class)
class ConfigCheckIT {
  @TempDir Path dir;

  private record Run(int exit, String out, String err) {}

  private static Run tribunal(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    var cli = TribunalCli.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int exit = cli.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void goodConfigsPassAndEachBrokenPieceIsNamed(Devnet devnet) throws Exception {
    try (World world = new World(devnet, dir)) {
      var solver = world.account("solver", 1, 300);
      world.account("verifier", 1, 50);
      world.account("challenger", 1, 0);
      long nonce = world.nonce(solver.getAddress());

      Path solverYaml = world.solverConfig("solver", io.tribunal.devnet.FreePorts.pick(), "");
      Run ok = tribunal("solver", "check", "--config", solverYaml.toString());
      assertThat(ok.exit()).as(ok.out() + ok.err()).isZero();
      assertThat(ok.out())
          .contains("OK      key")
          .contains("decrypts to " + solver.getAddress())
          .contains("OK      chain id")
          .contains("OK      stake")
          .contains("OK      dataset cache")
          .contains("solver config OK")
          .doesNotContain("FAIL");

      Run json =
          tribunal(
              "challenger",
              "check",
              "--json",
              "--config",
              world.challengerConfig("challenger", "").toString());
      assertThat(json.exit()).as(json.out() + json.err()).isZero();
      JsonNode doc = new ObjectMapper().readTree(json.out());
      assertThat(doc.get("ok").asBoolean()).isTrue();
      assertThat(doc.get("checks")).extracting(c -> c.get("status").asText()).containsOnly("OK");

      // the verifier wants 100 tUSD of stake and holds 50
      Run poor =
          tribunal("verifier", "check", "--config", world.verifierConfig("verifier").toString());
      assertThat(poor.exit()).isEqualTo(1);
      assertThat(poor.out()).containsPattern("FAIL +stake +stake 100000000 needs 100000000 more");

      // a wrong password: the key check fails, and what needs the key is skipped, not failed
      Files.writeString(dir.resolve("wrong.txt"), "not the password\n");
      Path wrongPassword =
          world.write(
              "wrong-password.yaml",
              Files.readString(solverYaml)
                  .replace(world.passwordFile.toString(), dir.resolve("wrong.txt").toString()));
      Run denied = tribunal("solver", "check", "--config", wrongPassword.toString());
      assertThat(denied.exit()).isEqualTo(1);
      assertThat(denied.out()).containsPattern("FAIL +key").containsPattern("SKIPPED +gas");

      // a deployment for another chain
      Deployment d = Deployment.read(world.deploymentFile);
      Path other = dir.resolve("other-chain.json");
      new Deployment(d.chainId() + 1, d.rpcUrl(), d.contracts()).write(other);
      Path wrongChain =
          world.write(
              "wrong-chain.yaml",
              Files.readString(solverYaml)
                  .replace(world.deploymentFile.toString(), other.toString()));
      Run chain = tribunal("solver", "check", "--config", wrongChain.toString());
      assertThat(chain.exit()).isEqualTo(1);
      assertThat(chain.out())
          .containsPattern("FAIL +chain id +the node is chain " + d.chainId())
          .contains("deployment is for chain " + (d.chainId() + 1));

      // a missing keystore is named
      Path noKey =
          world.write(
              "no-key.yaml",
              Files.readString(solverYaml)
                  .replace(
                      world.keystore("solver").toString(), dir.resolve("gone.json").toString()));
      Run gone = tribunal("solver", "check", "--config", noKey.toString());
      assertThat(gone.exit()).isEqualTo(1);
      assertThat(gone.out()).containsPattern("FAIL +key .*gone.json");

      // the file itself: a misspelled key is one usage line, exit 2
      Path typo =
          world.write(
              "typo.yaml", Files.readString(solverYaml).replace("pollInterval", "pollIntervall"));
      Run bad = tribunal("solver", "check", "--config", typo.toString());
      assertThat(bad.exit()).isEqualTo(2);
      assertThat(bad.err()).contains("pollIntervall").contains("did you mean 'pollInterval'");

      assertThat(world.nonce(solver.getAddress())).as("check sends nothing").isEqualTo(nonce);
    }
  }
}
