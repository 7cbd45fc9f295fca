package io.tribunal.explorer;

import static org.assertj.core.api.Assertions.assertThat;

import io.tribunal.bindings.TribunalChain;
import io.tribunal.devnet.DevnetDeployer;
import io.tribunal.devnet.kit.AnvilRpc;
import io.tribunal.devnet.testing.AnvilExtension;
import io.tribunal.devnet.testing.Devnet;
import io.tribunal.explorer.chain.Indexer;
import java.math.BigInteger;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.http.HttpService;

/**
 * A chain that reorganises under the explorer (anvil's snapshot and revert, then other blocks at
 * the same heights): what the abandoned blocks said disappears from the index.
 */
@ExtendWith(AnvilExtension.class)
class ExplorerReorgIT {
  @Test
  void whatAnAbandonedBranchSaidDisappears(Devnet devnet) throws Exception {
    try (Indexer indexer = new Indexer(devnet.chain(), devnet.deployment())) {
      indexer.catchUp();
      Object snapshot = rpc(devnet.chain(), "evm_snapshot", List.of());
      Credentials operator = devnet.account(6);
      DevnetDeployer deployer = new DevnetDeployer(devnet.chain(), devnet.account(0));
      BigInteger amount = DevnetDeployer.USD.multiply(BigInteger.valueOf(500));
      deployer
          .token(devnet.deployment(), operator)
          .approve(devnet.deployment().address("StakeRegistry"), amount)
          .send();
      deployer.registry(devnet.deployment(), operator).stake(amount).send();
      String address = operator.getAddress().toLowerCase(Locale.ROOT);
      indexer.catchUp();
      assertThat(indexer.live().get().solver(address)).isPresent();

      rpc(devnet.chain(), "evm_revert", List.of(snapshot));
      for (int i = 0; i < 4; i++) {
        AnvilRpc.mine(devnet.chain());
      }
      indexer.catchUp();
      assertThat(indexer.live().get().solver(address)).isEmpty();
      assertThat(indexer.live().get().head())
          .isEqualTo(
              devnet.chain().web3j().ethBlockNumber().send().getBlockNumber().longValueExact());
    }
  }

  private static Object rpc(TribunalChain chain, String method, List<?> params) throws Exception {
    HttpService service = new HttpService(chain.rpcUrl());
    try {
      AnvilRpc.RawResponse r =
          new Request<>(method, params, service, AnvilRpc.RawResponse.class).send();
      if (r.hasError()) {
        throw new IllegalStateException(method + ": " + r.getError().getMessage());
      }
      return r.getResult();
    } finally {
      service.close();
    }
  }
}
