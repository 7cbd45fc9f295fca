package io.tribunal.devnet.cli;

import picocli.CommandLine.Command;

/**
 * {@code tribunal devnet up|down|status|mine|warp|fund}: a local anvil chain with everything
 * deployed, and the knobs a developer needs on it. Each subcommand is its own class.
 */
@Command(
    name = "devnet",
    description = {
      "Run a local development chain (anvil) with every Tribunal contract deployed",
      "and funded role accounts in Ethereum keystore (V3) files."
    },
    mixinStandardHelpOptions = true,
    subcommands = {
      DevnetUpCommand.class,
      DevnetDownCommand.class,
      DevnetStatusCommand.class,
      DevnetMineCommand.class,
      DevnetWarpCommand.class,
      DevnetFundCommand.class
    })
public final class DevnetCommand {

  static final String DEFAULT_DIR = ".tribunal/devnet";
}
