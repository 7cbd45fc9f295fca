package io.tribunal.devnet.cli;

import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/** {@code tribunal devnet fund ADDRESS}: devnet ETH for gas and test tUSD. */
@Command(
    name = "fund",
    mixinStandardHelpOptions = true,
    description = {
      "Send devnet ETH (for gas) and mint test tUSD to ADDRESS, e.g. a wallet made with",
      "'tribunal wallet new'. Without --eth or --tusd it sends 10 ETH and 1,000 tUSD."
    })
final class DevnetFundCommand extends DevnetSubcommand {
  @Parameters(
      paramLabel = "ADDRESS",
      description = "0x address; mixed case must be a valid EIP-55 checksum.")
  String address;

  @Option(names = "--eth", paramLabel = "N", description = "Whole ETH to send.")
  Long eth;

  @Option(names = "--tusd", paramLabel = "N", description = "Whole tUSD to mint.")
  Long tusd;

  @Override
  public Integer call() {
    if (!org.web3j.crypto.WalletUtils.isValidAddress(address) || !address.startsWith("0x")) {
      throw new ParameterException(
          spec.commandLine(),
          "ADDRESS must be 0x followed by 40 hex digits, got '" + address + "'");
    }
    String body = address.substring(2);
    boolean mixed = !body.equals(body.toLowerCase()) && !body.equals(body.toUpperCase());
    if (mixed && !org.web3j.crypto.Keys.toChecksumAddress(address).equals(address)) {
      throw new ParameterException(
          spec.commandLine(),
          "ADDRESS "
              + address
              + " fails its EIP-55 checksum (a typo?); the checksummed form of these digits is "
              + org.web3j.crypto.Keys.toChecksumAddress(address));
    }
    long e = eth == null && tusd == null ? 10 : eth == null ? 0 : eth;
    long u = eth == null && tusd == null ? 1_000 : tusd == null ? 0 : tusd;
    if (e < 0 || u < 0 || e > 1_000_000 || u > 1_000_000_000) {
      throw new ParameterException(
          spec.commandLine(), "--eth must be 0..1000000 and --tusd 0..1000000000");
    }
    running(
        () -> {
          manager().fund(address, e, u);
          return null;
        });
    if (json) {
      JsonOut.print(out(), Map.of("address", address, "eth", e, "tusd", u));
    } else {
      out().printf("funded %s with %d ETH and %d tUSD%n", address, e, u);
    }
    return 0;
  }
}
