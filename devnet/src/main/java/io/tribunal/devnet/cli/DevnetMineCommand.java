package io.tribunal.devnet.cli;

import java.math.BigInteger;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/** {@code tribunal devnet mine [N]}: N empty blocks. */
@Command(
    name = "mine",
    mixinStandardHelpOptions = true,
    description = "Mine N empty blocks on the running devnet (default 1).")
final class DevnetMineCommand extends DevnetSubcommand {
  @Parameters(
      arity = "0..1",
      paramLabel = "N",
      defaultValue = "1",
      description = "Blocks to mine, 1..100000. Default: ${DEFAULT-VALUE}")
  long blocks;

  @Override
  public Integer call() {
    if (blocks < 1 || blocks > 100_000) {
      throw new ParameterException(spec.commandLine(), "N must be 1..100000, got " + blocks);
    }
    BigInteger head = running(() -> manager().mine(blocks));
    if (json) {
      JsonOut.print(out(), Map.of("mined", blocks, "block", head));
    } else {
      out().printf("mined %d block(s); head is block %s%n", blocks, head);
    }
    return 0;
  }
}
