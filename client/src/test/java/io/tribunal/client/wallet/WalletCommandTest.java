package io.tribunal.client.wallet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.WalletUtils;
import picocli.CommandLine;

class WalletCommandTest {
  private static final String KEY =
      "4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318";

  record Run(int exit, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new WalletCommand());
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int exit = cli.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  private static Path keystoreOf(Run r) {
    return Path.of(
        r.out()
            .lines()
            .filter(l -> l.startsWith("keystore:"))
            .findFirst()
            .orElseThrow()
            .substring("keystore:".length())
            .strip());
  }

  @Test
  void newWritesAKeystoreThatDecryptsToThePrintedAddressAndNeverPrintsTheKey(@TempDir Path dir)
      throws Exception {
    Path pw = Files.writeString(dir.resolve("pw.txt"), "correct horse\n");

    Run created =
        run("new", "--dir", dir.resolve("ks").toString(), "--password-file", pw.toString());

    assertThat(created.exit()).as(created.err()).isZero();
    Path keystore = keystoreOf(created);
    Credentials c = WalletUtils.loadCredentials("correct horse", keystore.toFile());
    assertThat(created.out()).containsIgnoringCase(c.getAddress());
    String privateHex = c.getEcKeyPair().getPrivateKey().toString(16);
    assertThat(created.out() + created.err()).doesNotContain(privateHex);
    assertThat(java.nio.file.Files.getPosixFilePermissions(keystore))
        .as("owner-only keystore")
        .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    assertThat(java.nio.file.Files.getPosixFilePermissions(keystore.getParent()))
        .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    assertThat(Files.readString(keystore)).as("geth-strength scrypt").contains("\"n\":262144");
    Run address = run("address", keystore.toString());
    assertThat(address.exit()).isZero();
    assertThat(address.out().strip()).isEqualToIgnoringCase(c.getAddress());
  }

  @Test
  void importEncryptsTheGivenKeyAndReportsItsAddress(@TempDir Path dir) throws Exception {
    Path pw = Files.writeString(dir.resolve("pw.txt"), "pw\n");
    Path key = Files.writeString(dir.resolve("key.txt"), KEY + "\n");

    Run imported =
        run(
            "import",
            "--key-file",
            key.toString(),
            "--dir",
            dir.resolve("ks").toString(),
            "--password-file",
            pw.toString());

    assertThat(imported.exit()).as(imported.err()).isZero();
    Credentials c = WalletUtils.loadCredentials("pw", keystoreOf(imported).toFile());
    assertThat(c.getAddress()).isEqualToIgnoringCase(Credentials.create(KEY).getAddress());
    assertThat(imported.out() + imported.err()).doesNotContain(KEY);

    Run json =
        run(
            "import",
            "--json",
            "--key-file",
            key.toString(),
            "--dir",
            dir.resolve("ks2").toString(),
            "--password-file",
            pw.toString());
    assertThat(json.exit()).as(json.err()).isZero();
    var doc = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.out());
    assertThat(doc.get("address").asText())
        .as("EIP-55 checksummed")
        .isEqualTo(org.web3j.crypto.Keys.toChecksumAddress(c.getAddress()));
    assertThat(Path.of(doc.get("keystore").asText())).isRegularFile();
    assertThat(json.out()).doesNotContain(KEY);
  }

  @Test
  void aMissingKeystoreFailsNamingTheFile(@TempDir Path dir) {
    Run r = run("address", dir.resolve("nope.json").toString());
    assertThat(r.exit()).isNotZero();
    assertThat(r.err()).contains("keystore file not found").contains("nope.json");
  }
}
