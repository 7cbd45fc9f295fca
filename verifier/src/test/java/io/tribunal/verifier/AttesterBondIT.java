package io.tribunal.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import io.tribunal.bindings.Deployment;
import io.tribunal.bindings.TribunalChain;
import io.tribunal.bindings.eip712.Bytes32;
import io.tribunal.bindings.eip712.Eip712Domain;
import io.tribunal.bindings.eip712.JobRequest;
import io.tribunal.bindings.generated.JobMarket;
import io.tribunal.core.commit.Hash32;
import io.tribunal.core.commit.TraceCommitment;
import io.tribunal.devnet.DevnetDeployer;
import io.tribunal.devnet.kit.AnvilRpc;
import io.tribunal.devnet.testing.AdminActions;
import io.tribunal.devnet.testing.AnvilExtension;
import io.tribunal.devnet.testing.Devnet;
import io.tribunal.node.chain.DurableTxSender;
import io.tribunal.node.chain.RetryPolicy;
import io.tribunal.node.persist.StateDb;
import io.tribunal.protocol.chain.ChainReader;
import io.tribunal.protocol.chain.Contracts;
import io.tribunal.protocol.chain.Retry;
import io.tribunal.protocol.replay.StepTree;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.abi.TypeEncoder;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/**
 * The verifier's bond after a cheated job, on anvil with the real contracts: a verifier attests two
 * committed jobs the way the daemon does (its sample, the state hashes, their paths in the solver's
 * step tree), both are then settled as cheated by a game, one at a transition the verifier did not
 * confirm and one at the very transition it confirmed. {@link AttesterBond} finds the verifier's
 * own attestation in the chain's logs and reveals it: the first bond comes back, the second goes to
 * the treasury.
 */
@ExtendWith(AnvilExtension.class)
class AttesterBondIT {
  private static final BigInteger USD = BigInteger.TEN.pow(6);
  private static final long STEPS = 64;

  @TempDir Path dir;

  private record Attested(byte[] jobId, List<BigInteger> transitions, BigInteger commitBlock) {}

  @Test
  void afterACheatTheBondComesBackUnlessTheAttestationConfirmedTheProvenTransition(Devnet devnet)
      throws Exception {
    DevnetDeployer deployer = new DevnetDeployer(devnet.chain(), devnet.account(0));
    Deployment d = devnet.deployment();
    Credentials user = devnet.account(3);
    Credentials solver = devnet.account(4);
    Credentials verifier = devnet.account(5);
    Credentials game = devnet.account(6);
    deployer.fund(d, user.getAddress(), 1, 100);
    deployer.fund(d, solver.getAddress(), 1, 300);
    deployer.fund(d, verifier.getAddress(), 1, 100);
    deployer.fund(d, game.getAddress(), 1, 0);
    stake(deployer, d, solver, USD.multiply(BigInteger.valueOf(200)), 1);
    stake(deployer, d, verifier, USD.multiply(BigInteger.valueOf(100)), 2);
    // the "game": an account the admin timelock gives DISPUTE_GAME_ROLE (after its delay)
    JobMarket asAdmin = deployer.market(d, devnet.account(0));
    AdminActions.run(
        devnet.chain(),
        d,
        devnet.account(0),
        d.address("JobMarket"),
        Numeric.hexStringToByteArray(
            asAdmin
                .grantRole(asAdmin.DISPUTE_GAME_ROLE().send(), game.getAddress())
                .encodeFunctionCall()));

    StepTree tree = StepTree.of(leaves());
    Attested spared = attested(devnet, deployer, user, solver, verifier, tree, 1);
    Attested confirmed = attested(devnet, deployer, user, solver, verifier, tree, 2);
    JobMarket market = deployer.market(d, solver);
    BigInteger bond = market.attesterBond(spared.jobId()).send();
    assertThat(deployer.registry(d, verifier).stakeOf(verifier.getAddress()).send().component2())
        .as("two bonds locked")
        .isEqualTo(bond.multiply(BigInteger.TWO));

    // a game settles both as cheated: one at another transition, one at the verifier's first
    JobMarket asGame = deployer.market(d, game);
    asGame.freeze(spared.jobId()).send();
    asGame
        .settleCheated(
            spared.jobId(),
            game.getAddress(),
            BigInteger.ONE,
            BigInteger.ONE,
            BigInteger.ZERO,
            Bytes32.keccakOf("some other transition").bytes())
        .send();
    long t = confirmed.transitions().get(0).longValueExact();
    asGame.freeze(confirmed.jobId()).send();
    asGame
        .settleCheated(
            confirmed.jobId(),
            game.getAddress(),
            BigInteger.ONE,
            BigInteger.ONE,
            BigInteger.ZERO,
            transitionHash(t, tree.leaf(t), tree.leaf(t + 1)))
        .send();

    BigInteger treasuryBefore = market.claimable(devnet.account(0).getAddress()).send();
    try (StateDb db = StateDb.open(dir.resolve("verifier"));
        TribunalChain chain = TribunalChain.connect(devnet.anvil().rpcUrl())) {
      ChainReader reader = new ChainReader(chain, Retry.command());
      DurableTxSender tx =
          new DurableTxSender(
              reader,
              verifier,
              db,
              new RetryPolicy(Duration.ofSeconds(30), 3, Duration.ZERO, Duration.ZERO),
              1);
      AttesterBond bonds =
          new AttesterBond(Contracts.load(chain, d, verifier.getAddress()), reader, tx);
      bonds.settle(new Bytes32(spared.jobId()).hex(), spared.jobId(), spared.commitBlock());
      bonds.settle(
          new Bytes32(confirmed.jobId()).hex(), confirmed.jobId(), confirmed.commitBlock());
    }
    var stake = deployer.registry(d, verifier).stakeOf(verifier.getAddress()).send();
    assertThat(stake.component2()).as("no bond left locked").isZero();
    assertThat(stake.component1())
        .as("one bond lost: the attestation that confirmed the proven transition")
        .isEqualTo(USD.multiply(BigInteger.valueOf(100)).subtract(bond));
    assertThat(market.claimable(devnet.account(0).getAddress()).send())
        .as("the lost bond went to the treasury")
        .isEqualTo(treasuryBefore.add(bond));
  }

  /** A committed job of {@code user}, claimed by {@code solver}, attested by {@code verifier}. */
  private static Attested attested(
      Devnet devnet,
      DevnetDeployer deployer,
      Credentials user,
      Credentials solver,
      Credentials verifier,
      StepTree tree,
      long nonce)
      throws Exception {
    Deployment d = devnet.deployment();
    BigInteger claimDeadline = AnvilRpc.now(devnet.chain()).add(BigInteger.valueOf(3600));
    BigInteger price = USD.multiply(BigInteger.valueOf(25));
    JobRequest request =
        new JobRequest(
            user.getAddress(),
            Bytes32.keccakOf("mlp:784-16-10"),
            Bytes32.keccakOf("dataset"),
            "file:dataset.csv",
            new Bytes32(Hash.sha3(words(32, 52429, 8000))),
            BigInteger.valueOf(STEPS),
            BigInteger.valueOf(42),
            price,
            USD.multiply(BigInteger.valueOf(50)),
            claimDeadline,
            claimDeadline.add(BigInteger.valueOf(86_400)),
            BigInteger.valueOf(nonce));
    Eip712Domain domain = Eip712Domain.jobMarket(devnet.chain().chainId(), d.address("JobMarket"));
    deployer.token(d, user).approve(d.address("JobMarket"), price).send();
    deployer
        .market(d, user)
        .submitJob(
            request.toWrapper(),
            request.sign(domain, user).toBytes(),
            new JobMarket.PermitData(
                BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO, new byte[32], new byte[32]),
            new JobMarket.HyperParams(
                BigInteger.valueOf(32), BigInteger.valueOf(52429), BigInteger.valueOf(8000)),
            List.of(BigInteger.valueOf(784), BigInteger.valueOf(16), BigInteger.valueOf(10)))
        .send();
    byte[] jobId = request.digest(domain).bytes();
    JobMarket asSolver = deployer.market(d, solver);
    asSolver.claim(jobId).send();
    asSolver
        .commit(
            jobId,
            Bytes32.keccakOf("trace").bytes(),
            BigInteger.valueOf(STEPS),
            BigInteger.valueOf(8),
            Bytes32.keccakOf("model").bytes(),
            tree.root().bytes())
        .send();
    BigInteger commitBlock = asSolver.getJob(jobId).send().commitBlock;
    AnvilRpc.mine(devnet.chain());
    JobMarket asVerifier = deployer.market(d, verifier);
    asVerifier.recordRandomness(jobId).send();
    byte[] randomness = asVerifier.randomnessOf(jobId).send();
    List<BigInteger> transitions = new ArrayList<>();
    List<byte[]> before = new ArrayList<>();
    List<byte[]> after = new ArrayList<>();
    List<byte[]> proofs = new ArrayList<>();
    for (long t : SampleSelector.sample(randomness, verifier.getAddress(), STEPS, 4)) {
      transitions.add(BigInteger.valueOf(t));
      before.add(stateHash(t).bytes());
      after.add(stateHash(t + 1).bytes());
      tree.path(t).forEach(h -> proofs.add(h.bytes()));
      tree.path(t + 1).forEach(h -> proofs.add(h.bytes()));
    }
    asVerifier.attest(jobId, transitions, before, after, proofs).send();
    return new Attested(jobId, transitions, commitBlock);
  }

  /** The made-up run: h_s = keccak("h" ‖ s). */
  private static Hash32 stateHash(long s) {
    return new Hash32(Bytes32.keccakOf("h" + s).bytes());
  }

  private static List<Hash32> leaves() {
    List<Hash32> out = new ArrayList<>();
    for (long s = 0; s <= STEPS; s++) {
      out.add(TraceCommitment.leaf(s, stateHash(s)));
    }
    return out;
  }

  /** keccak256(abi.encode(uint64 step, bytes32 L_step, bytes32 L_step+1)), as a game reports. */
  private static byte[] transitionHash(long step, Hash32 leaf, Hash32 next) {
    String enc =
        TypeEncoder.encode(new Uint64(step))
            + Numeric.toHexStringNoPrefix(leaf.bytes())
            + Numeric.toHexStringNoPrefix(next.bytes());
    return Hash.sha3(Numeric.hexStringToByteArray(enc));
  }

  private static byte[] words(long... values) {
    byte[] out = new byte[32 * values.length];
    for (int i = 0; i < values.length; i++) {
      System.arraycopy(
          Numeric.toBytesPadded(BigInteger.valueOf(values[i]), 32), 0, out, 32 * i, 32);
    }
    return out;
  }

  private static void stake(
      DevnetDeployer deployer, Deployment d, Credentials op, BigInteger amount, int roles)
      throws Exception {
    deployer.token(d, op).approve(d.address("StakeRegistry"), amount).send();
    var registry = deployer.registry(d, op);
    registry.stake(amount).send();
    registry.setOperator(BigInteger.valueOf(roles), "", BigInteger.ZERO, BigInteger.ZERO).send();
  }
}
