package io.tribunal.devnet.cli;

import io.tribunal.bindings.Deployment;
import io.tribunal.devnet.DevnetDirectory;
import io.tribunal.devnet.DevnetManager;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;

/** {@code tribunal devnet status}: whether the devnet runs, and where (exit 3 if stopped). */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = "Report whether the devnet in DIR is running, its RPC URL, block and contracts.")
final class DevnetStatusCommand extends DevnetSubcommand {
  @Override
  public Integer call() {
    DevnetDirectory d = new DevnetDirectory(dir);
    Optional<DevnetDirectory.RunningNode> node = manager().status();
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("status", node.isPresent() ? "running" : "stopped");
    node.ifPresent(
        n -> {
          doc.put("pid", n.pid());
          doc.put("rpcUrl", n.rpcUrl());
          doc.put("chainId", n.chainId());
          doc.put("block", DevnetManager.blockNumber(n.rpcUrl()));
          if (java.nio.file.Files.isRegularFile(d.deploymentFile())) {
            doc.put("contracts", Deployment.read(d.deploymentFile()).contracts());
          }
          doc.put("accounts", d.readAccounts());
        });
    if (json) {
      JsonOut.print(out(), doc);
    } else if (node.isEmpty()) {
      out().printf("devnet in %s: stopped%n", dir);
    } else {
      out()
          .printf(
              "devnet in %s: running, %s, chain id %s, block %s, anvil pid %s%n",
              dir, doc.get("rpcUrl"), doc.get("chainId"), doc.get("block"), doc.get("pid"));
    }
    return node.isPresent() ? 0 : 3;
  }
}
