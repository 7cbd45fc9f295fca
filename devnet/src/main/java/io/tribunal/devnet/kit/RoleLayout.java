package io.tribunal.devnet.kit;

import java.nio.file.Path;

/**
 * Where a set of role daemons on one devnet keep their files: configs in {@code dir}, each role's
 * data in {@code dir/data/<role>}, its key in {@code keystores/<role>.json} (all sharing one
 * password file), and the dataset cache they all read.
 */
public record RoleLayout(
    Path dir,
    Path deployment,
    String rpcUrl,
    Path keystores,
    Path passwordFile,
    Path datasetCache) {

  public Path keystore(String role) {
    return keystores.resolve(role + ".json");
  }

  public Path dataDir(String role) {
    return dir.resolve("data").resolve(role);
  }

  /** {@code dir/<name>}: where a config file of that name goes. */
  public Path file(String name) {
    return dir.resolve(name);
  }

  /**
   * What every role's config holds: the deployment, the node, its keystore and password file, its
   * data dir, a 200 ms poll (devnet speed) and the dataset cache.
   */
  public RoleConfig config(String role) {
    return new RoleConfig()
        .with("deployment", deployment)
        .with("rpcUrl", rpcUrl)
        .with("keystore", keystore(role))
        .with("passwordFile", passwordFile)
        .with("dataDir", dataDir(role))
        .with("pollInterval", "200ms")
        .with("datasetCache", datasetCache);
  }
}
