package io.tribunal.solver.checkpoints;

import static org.assertj.core.api.Assertions.assertThat;

import io.tribunal.devnet.testing.AnvilExtension;
import io.tribunal.devnet.testing.Devnet;
import io.tribunal.node.chain.DurableTxSender;
import io.tribunal.node.chain.RetryPolicy;
import io.tribunal.node.persist.StateDb;
import io.tribunal.protocol.chain.ChainReader;
import io.tribunal.protocol.chain.Contracts;
import io.tribunal.protocol.chain.Retry;
import io.tribunal.solver.daemon.RelayService;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.DefaultBlockParameterName;

/**
 * The relay fuzz against the real RelayService on anvil (signed for the deployed market): every
 * request gets a non-empty, non-5xx JSON answer, and the relay's account sends nothing, because
 * each submission is refused before signing (the fuzz's user holds no tokens, so even its
 * well-signed submissions fail gas estimation).
 */
@ExtendWith(AnvilExtension.class)
class RealRelayFuzzIT {
  private static final int REQUESTS = 600;

  @TempDir Path dir;

  @Test
  void sixHundredRandomRelayRequestsOnAnvil(Devnet devnet) throws Exception {
    String market = devnet.deployment().address("JobMarket");
    RelayFixture fixture = new RelayFixture(devnet.chain().chainId(), market);
    Credentials solver = devnet.account(1);
    BigInteger nonceBefore = nonce(devnet, solver);
    try (StateDb db = StateDb.open(Files.createDirectories(dir.resolve("db")))) {
      ChainReader reader = new ChainReader(devnet.chain(), Retry.command());
      Contracts contracts =
          Contracts.load(devnet.chain(), devnet.deployment(), solver.getAddress());
      RelayService relay =
          new RelayService(
              contracts,
              reader,
              new DurableTxSender(reader, solver, db, RetryPolicy.daemon(), 1),
              db.jobs(),
              job -> Optional.empty());
      try (CheckpointServer server =
          CheckpointServer.start(
              "127.0.0.1", 0, new JobFiles(dir, id -> false), Optional.of(relay))) {
        CheckpointServerFuzzTest.Requests gen =
            new CheckpointServerFuzzTest.Requests(new Random(4242L), List.of("x.ckpt"), fixture);
        Map<String, Integer> seen = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
          CheckpointServerFuzzTest.Requests.Raw req = gen.nextRelay();
          CheckpointServerFuzzTest.Answer a = CheckpointServerFuzzTest.send(server.port(), req);
          if (a.bytes() == 0) {
            problems.add("empty reply to " + req.describe());
          } else if (a.status() < 200 || a.status() > 499) {
            problems.add(req.describe() + " → " + a.head() + "\n" + a.body());
          } else if (a.status() >= 400 && !CheckpointServerFuzzTest.isJsonError(a.body())) {
            problems.add(req.describe() + " → not a JSON error: " + a.body());
          }
          seen.merge(req.kind() + " → " + a.status(), 1, Integer::sum);
        }
        seen.forEach((k, v) -> System.out.println("[relay fuzz] " + k + ": " + v));
        assertThat(problems).as("empty replies, 5xx or non-JSON errors").isEmpty();
      }
    }
    assertThat(nonce(devnet, solver)).as("transactions the relay sent").isEqualTo(nonceBefore);
  }

  private static BigInteger nonce(Devnet devnet, Credentials who) throws Exception {
    return devnet
        .chain()
        .web3j()
        .ethGetTransactionCount(who.getAddress(), DefaultBlockParameterName.PENDING)
        .send()
        .getTransactionCount();
  }
}
