package io.tribunal.node.daemon;

import io.tribunal.node.persist.CursorStore;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * A daemon's state DB belongs to one chain and one deployment: its journal holds signed
 * transactions with that chain's nonces, its cursors that chain's block hashes. At first start the
 * chain's genesis block hash and the JobMarket address are recorded; every later start compares,
 * and a different chain (a devnet that was reset, another network, a new deployment) stops the
 * daemon with what to do, instead of re-broadcasting transactions of a chain that no longer exists
 * and looping on errors while {@code /health} says ok.
 */
public final class ChainIdentity {
  static final String GENESIS = "chain.genesis";
  static final String MARKET = "chain.jobMarket";

  private ChainIdentity() {}

  /** The chain a state DB was written for. */
  public record Identity(String genesisHash, String jobMarket) {
    public Identity {
      genesisHash = genesisHash.toLowerCase(Locale.ROOT);
      jobMarket = jobMarket.toLowerCase(Locale.ROOT);
    }
  }

  /**
   * Records {@code actual} in a new state DB, or checks it against the recorded one.
   *
   * @throws IllegalStateException naming both chains and the remedy if they differ
   */
  public static void check(CursorStore kv, Identity actual, Path dataDir) {
    Optional<String> genesis = kv.get(GENESIS);
    Optional<String> market = kv.get(MARKET);
    if (genesis.isEmpty() || market.isEmpty()) {
      kv.put(GENESIS, actual.genesisHash());
      kv.put(MARKET, actual.jobMarket());
      return;
    }
    Identity recorded = new Identity(genesis.get(), market.get());
    if (recorded.equals(actual)) {
      return;
    }
    String what =
        !recorded.genesisHash().equals(actual.genesisHash())
            ? "another chain (genesis block "
                + recorded.genesisHash()
                + "; this RPC serves genesis "
                + actual.genesisHash()
                + ": a devnet that was reset, or another network)"
            : "another deployment (JobMarket "
                + recorded.jobMarket()
                + "; the deployment file names "
                + actual.jobMarket()
                + ")";
    throw new IllegalStateException(
        "the state in "
            + dataDir
            + " was written for "
            + what
            + "; its journal and cursors mean nothing here. Move "
            + dataDir
            + " aside (or set another dataDir) and start again; on a real network, first check"
            + " that rpcUrl and deployment are the ones you meant");
  }
}
