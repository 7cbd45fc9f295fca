package io.tribunal.cli.demo;

import io.tribunal.bindings.Deployment;
import io.tribunal.bindings.eip712.Bytes32;
import io.tribunal.protocol.job.JobStatus;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What every scene of the demo works with: the role configs, the chain, the deployment, the devnet
 * accounts by name, and the narrator.
 */
record DemoStage(
    RoleConfigs configs,
    ChainWatch chain,
    Deployment deployment,
    Map<String, String> accounts,
    Consumer<String> narrator) {

  void say(String line) {
    narrator.accept(line);
  }

  /** The address of devnet account {@code account} (user-1, solver-1, ...). */
  String addr(String account) {
    String a = accounts.get(account);
    if (a == null) {
      throw new IllegalStateException("devnet has no account " + account);
    }
    return a;
  }

  boolean claimedOrLater(Bytes32 id) {
    JobStatus s = chain.status(id);
    return s != JobStatus.NONE && s != JobStatus.OPEN;
  }
}
