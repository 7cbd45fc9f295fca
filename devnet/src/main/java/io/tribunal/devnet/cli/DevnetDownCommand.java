package io.tribunal.devnet.cli;

import io.tribunal.devnet.DevnetDirectory;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;

/** {@code tribunal devnet down}: stops the devnet, saving its chain for the next {@code up}. */
@Command(
    name = "down",
    mixinStandardHelpOptions = true,
    description = {
      "Stop the anvil that 'devnet up' started from DIR (by pid; nothing else).",
      "The chain is saved to DIR/chain-state.json as it stops; the next 'devnet up --dir DIR'",
      "restores it (the same chain id, contracts, keys, balances and jobs); 'up --reset' starts",
      "afresh."
    })
final class DevnetDownCommand extends DevnetSubcommand {
  @Override
  public Integer call() {
    Optional<DevnetDirectory.RunningNode> stopped = manager().down();
    if (json) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("status", stopped.isPresent() ? "stopped" : "not-running");
      stopped.ifPresent(n -> doc.put("pid", n.pid()));
      JsonOut.print(out(), doc);
    } else if (stopped.isPresent()) {
      out()
          .printf(
              "devnet stopped (anvil pid %d, %s); chain saved to %s: 'devnet up --dir %s'"
                  + " restores it%n",
              stopped.get().pid(), stopped.get().rpcUrl(), dir.resolve("chain-state.json"), dir);
    } else {
      out().printf("no devnet running from %s%n", dir);
    }
    return 0;
  }
}
