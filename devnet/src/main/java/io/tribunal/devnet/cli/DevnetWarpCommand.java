package io.tribunal.devnet.cli;

import java.math.BigInteger;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/** {@code tribunal devnet warp DURATION}: chain time forward, e.g. past a challenge window. */
@Command(
    name = "warp",
    mixinStandardHelpOptions = true,
    description = {
      "Move the devnet's chain time forward and mine a block there: e.g. past a challenge",
      "window ('tribunal devnet warp 2h') so a job can finalize."
    })
final class DevnetWarpCommand extends DevnetSubcommand {
  @Parameters(
      paramLabel = "DURATION",
      description = "How far: a number with a unit, s, m, h or d (90s, 15m, 2h, 1d).")
  String duration;

  @Override
  public Integer call() {
    long seconds = seconds(duration);
    BigInteger now = running(() -> manager().warp(seconds));
    if (json) {
      JsonOut.print(out(), Map.of("warpedSeconds", seconds, "timestamp", now));
    } else {
      out()
          .printf(
              "chain time moved %d s on; the latest block is at %s (unix %s)%n",
              seconds, java.time.Instant.ofEpochSecond(now.longValueExact()), now);
    }
    return 0;
  }

  private long seconds(String d) {
    var m = java.util.regex.Pattern.compile("(\\d{1,9})([smhd])").matcher(d.trim());
    if (!m.matches()) {
      throw new ParameterException(
          spec.commandLine(),
          "DURATION must be a number with a unit s, m, h or d (e.g. 2h), got '" + d + "'");
    }
    long n = Long.parseLong(m.group(1));
    long unit =
        switch (m.group(2)) {
          case "s" -> 1;
          case "m" -> 60;
          case "h" -> 3600;
          default -> 86_400;
        };
    if (n == 0) {
      throw new ParameterException(spec.commandLine(), "DURATION must be > 0");
    }
    return n * unit;
  }
}
