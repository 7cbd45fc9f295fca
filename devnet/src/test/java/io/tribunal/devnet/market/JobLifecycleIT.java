package io.tribunal.devnet.market;

import static io.tribunal.devnet.market.JobRequests.COLLATERAL;
import static io.tribunal.devnet.market.JobRequests.PRICE;
import static io.tribunal.devnet.market.JobRequests.STEPS;
import static io.tribunal.devnet.market.JobRequests.usd;
import static org.assertj.core.api.Assertions.assertThat;

import io.tribunal.bindings.Deployment;
import io.tribunal.bindings.eip712.Bytes32;
import io.tribunal.bindings.eip712.EcdsaSignature;
import io.tribunal.bindings.eip712.Eip712Domain;
import io.tribunal.bindings.eip712.JobRequest;
import io.tribunal.bindings.eip712.SignedPermit;
import io.tribunal.bindings.generated.JobMarket;
import io.tribunal.bindings.generated.StakeRegistry;
import io.tribunal.bindings.generated.TestUSD;
import io.tribunal.devnet.DevnetDeployer;
import io.tribunal.devnet.Keystores;
import io.tribunal.devnet.kit.AnvilRpc;
import io.tribunal.devnet.testing.AnvilExtension;
import io.tribunal.devnet.testing.Devnet;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * A whole job on anvil, every actor signing with a key loaded from its keystore V3 file: the user
 * (no ETH) signs the request and the permit, a relayer submits, a staked solver claims and commits,
 * three staked verifiers attest, the challenge window passes, the job finalizes and everybody
 * withdraws. Every balance is checked to the base unit.
 */
@ExtendWith(AnvilExtension.class)
class JobLifecycleIT {
  private static final String PASSWORD = "keystore-password-for-tests";
  private static final BigInteger SOLVER_STAKE = usd(200);
  private static final BigInteger VERIFIER_STAKE = usd(100);
  private static final int ROLE_SOLVER = 1;
  private static final int ROLE_VERIFIER = 2;

  @TempDir Path keystores;

  @Test
  void runsAKeystoreSignedJobFromSubmissionToWithdrawalAndRefusesASecondFinalize(Devnet devnet)
      throws Exception {
    DevnetDeployer deployer = new DevnetDeployer(devnet.chain(), devnet.account(0));
    Deployment d = devnet.deployment();
    Credentials user = keystoreAccount(devnet, "user", 0, 100);
    Credentials solver = keystoreAccount(devnet, "solver", 1, 300);
    List<Credentials> verifiers =
        List.of(
            keystoreAccount(devnet, "verifier-1", 1, 100),
            keystoreAccount(devnet, "verifier-2", 1, 100),
            keystoreAccount(devnet, "verifier-3", 1, 100));
    Credentials relayer = devnet.account(2);
    String treasury = devnet.account(0).getAddress();
    TestUSD token = deployer.token(d, relayer);
    BigInteger treasuryBefore = token.balanceOf(treasury).send();
    stake(deployer, d, solver, SOLVER_STAKE, ROLE_SOLVER);
    for (Credentials v : verifiers) {
      stake(deployer, d, v, VERIFIER_STAKE, ROLE_VERIFIER);
    }

    // the user signs the request and the permit; the relayer pays the gas
    JobRequest request =
        JobRequests.mnist(user.getAddress(), AnvilRpc.now(devnet.chain()), 3600, 7);
    Eip712Domain marketDomain =
        Eip712Domain.jobMarket(devnet.chain().chainId(), d.address("JobMarket"));
    EcdsaSignature signature = request.sign(marketDomain, user);
    SignedPermit permit = Permits.sign(devnet, user, d.address("JobMarket"), PRICE);
    JobMarket market = deployer.market(d, relayer);
    TransactionReceipt submitted =
        market
            .submitJob(
                request.toWrapper(),
                signature.toBytes(),
                permit.forJobMarket(),
                JobRequests.HYPER,
                JobRequests.WIDTHS)
            .send();
    byte[] jobId = request.digest(marketDomain).bytes();
    assertThat(market.hashJobRequest(request.toWrapper()).send()).isEqualTo(jobId);
    assertThat(status(market, jobId)).isEqualTo(1); // Open

    // the solver claims and commits (with the step tree of its made-up run)
    StepTreeStandIn steps = new StepTreeStandIn(STEPS.intValueExact());
    JobMarket asSolver = deployer.market(d, solver);
    asSolver.claim(jobId).send();
    assertThat(stakeOf(deployer, d, solver)).containsExactly(SOLVER_STAKE, COLLATERAL);
    TransactionReceipt committed =
        asSolver
            .commit(
                jobId,
                Bytes32.keccakOf("trace-root").bytes(),
                STEPS,
                BigInteger.valueOf(64),
                Bytes32.keccakOf("final-model").bytes(),
                steps.root())
            .send();

    // verifiers attest once the randomness anchor block exists
    AnvilRpc.mine(devnet.chain());
    market.recordRandomness(jobId).send();
    byte[] randomness = market.randomnessOf(jobId).send();
    assertThat(market.drawnVerifiers(jobId).send())
        .as("three verifiers, three seats: all drawn")
        .hasSize(3);
    for (Credentials v : verifiers) {
      // its sample (JobMarket.sampleIndex) with the state hashes it replayed (stand-ins here)
      List<BigInteger> transitions = new java.util.ArrayList<>();
      List<byte[]> before = new java.util.ArrayList<>();
      List<byte[]> after = new java.util.ArrayList<>();
      List<byte[]> proofs = new java.util.ArrayList<>();
      for (int j = 0; j < 4; j++) {
        BigInteger t =
            market.sampleIndex(randomness, v.getAddress(), BigInteger.valueOf(j), STEPS).send();
        transitions.add(t);
        before.add(StepTreeStandIn.stateHash(t.intValueExact()));
        after.add(StepTreeStandIn.stateHash(t.intValueExact() + 1));
        proofs.addAll(steps.path(t.intValueExact()));
        proofs.addAll(steps.path(t.intValueExact() + 1));
      }
      deployer.market(d, v).attest(jobId, transitions, before, after, proofs).send();
    }
    assertThat(market.randomnessOf(jobId).send()).isNotEqualTo(new byte[32]);

    AnvilRpc.advanceTime(devnet.chain(), deployer.settings().challengeWindow() + 1);
    market.finalize(jobId).send();

    // fee pool 10% of 25 tUSD = 2.5 tUSD over 3 verifiers: 833,333 each, 1 unit of dust to the
    // solver
    BigInteger each = BigInteger.valueOf(833_333);
    BigInteger solverPay = PRICE.subtract(each.multiply(BigInteger.valueOf(3)));
    assertThat(solverPay).isEqualTo(BigInteger.valueOf(22_500_001));
    assertThat(market.claimable(solver.getAddress()).send()).isEqualTo(solverPay);
    asSolver.withdraw(solver.getAddress()).send();
    for (Credentials v : verifiers) {
      assertThat(market.claimable(v.getAddress()).send()).isEqualTo(each);
      deployer.market(d, v).withdraw(v.getAddress()).send();
    }

    assertThat(token.balanceOf(user.getAddress()).send()).isEqualTo(usd(100).subtract(PRICE));
    assertThat(devnet.chain().ethBalance(user.getAddress())).isZero();
    assertThat(token.balanceOf(solver.getAddress()).send())
        .isEqualTo(usd(300).subtract(SOLVER_STAKE).add(solverPay));
    for (Credentials v : verifiers) {
      assertThat(token.balanceOf(v.getAddress()).send())
          .isEqualTo(usd(100).subtract(VERIFIER_STAKE).add(each));
    }
    assertThat(token.balanceOf(treasury).send()).isEqualTo(treasuryBefore);
    assertThat(token.balanceOf(d.address("JobMarket")).send()).isZero();
    assertThat(token.balanceOf(d.address("StakeRegistry")).send())
        .isEqualTo(SOLVER_STAKE.add(VERIFIER_STAKE.multiply(BigInteger.valueOf(3))));
    assertThat(stakeOf(deployer, d, solver)).containsExactly(SOLVER_STAKE, BigInteger.ZERO);
    assertThat(status(market, jobId)).isEqualTo(4); // Finalized
    assertThat(market.jobOfModel(Bytes32.keccakOf("final-model").bytes()).send()).isEqualTo(jobId);

    Reverts.assertRevertsWith(
        () -> market.finalize(jobId).send(), "JobMarket_AlreadyFinalized(bytes32)");
    assertThat(market.claimable(solver.getAddress()).send()).isZero();
    assertThat(token.balanceOf(d.address("JobMarket")).send()).isZero();
    assertThat(status(market, jobId)).isEqualTo(4);

    long submitGas =
        GasReport.report("submitJob with permit (market held no tokens)", submitted, 200_000);
    // six slots written at commit since the step root joined the commitment (was five, ≤ 100k)
    long commitGas = GasReport.report("commit", committed, 125_000);
    assertThat(submitGas).isLessThanOrEqualTo(200_000);
    assertThat(commitGas).isLessThanOrEqualTo(125_000);
  }

  @Test
  void refundsTheFullPriceOfAJobNobodyClaimedByItsDeadline(Devnet devnet) throws Exception {
    DevnetDeployer deployer = new DevnetDeployer(devnet.chain(), devnet.account(0));
    Deployment d = devnet.deployment();
    Credentials user = keystoreAccount(devnet, "refund-user", 0, 40);
    Credentials relayer = devnet.account(3);
    JobRequest request = JobRequests.mnist(user.getAddress(), AnvilRpc.now(devnet.chain()), 600, 1);
    Eip712Domain marketDomain =
        Eip712Domain.jobMarket(devnet.chain().chainId(), d.address("JobMarket"));
    JobMarket market = deployer.market(d, relayer);
    TestUSD token = deployer.token(d, relayer);
    BigInteger marketBefore = token.balanceOf(d.address("JobMarket")).send();
    TransactionReceipt submitted =
        market
            .submitJob(
                request.toWrapper(),
                request.sign(marketDomain, user).toBytes(),
                Permits.sign(devnet, user, d.address("JobMarket"), PRICE).forJobMarket(),
                JobRequests.HYPER,
                JobRequests.WIDTHS)
            .send();
    byte[] jobId = request.digest(marketDomain).bytes();

    Reverts.assertRevertsWith(
        () -> market.refundUnclaimed(jobId).send(), "JobMarket_DeadlineNotReached(uint40)");
    AnvilRpc.advanceTime(devnet.chain(), 601);
    market.refundUnclaimed(jobId).send();
    assertThat(market.claimable(user.getAddress()).send()).isEqualTo(PRICE);

    deployer.fund(d, user.getAddress(), 1, 0); // withdrawing is the user's own transaction
    deployer.market(d, user).withdraw(user.getAddress()).send();

    assertThat(token.balanceOf(user.getAddress()).send()).isEqualTo(usd(40));
    assertThat(token.balanceOf(d.address("JobMarket")).send()).isEqualTo(marketBefore);
    assertThat(status(market, jobId)).isEqualTo(5); // Refunded
    GasReport.report("submitJob with permit (market held no tokens)", submitted, 200_000);
    assertThat(submitted.getGasUsed()).isLessThanOrEqualTo(BigInteger.valueOf(200_000));
  }

  /** A new key written as a keystore V3 file, then loaded back from it, and funded. */
  private Credentials keystoreAccount(Devnet devnet, String role, long eth, long usd) {
    Keystores.create(keystores, role, PASSWORD);
    Credentials loaded = Keystores.load(keystores.resolve(role + ".json"), PASSWORD);
    new DevnetDeployer(devnet.chain(), devnet.account(0))
        .fund(devnet.deployment(), loaded.getAddress(), eth, usd);
    return loaded;
  }

  private static void stake(
      DevnetDeployer deployer, Deployment d, Credentials op, BigInteger amount, int roles)
      throws Exception {
    deployer.token(d, op).approve(d.address("StakeRegistry"), amount).send();
    StakeRegistry registry = deployer.registry(d, op);
    registry.stake(amount).send();
    registry
        .setOperator(
            BigInteger.valueOf(roles),
            "http://127.0.0.1:0/" + op.getAddress(),
            BigInteger.ONE,
            BigInteger.ONE)
        .send();
    assertThat(registry.isStaked(op.getAddress(), BigInteger.valueOf(roles)).send()).isTrue();
  }

  /** (active, locked) stake of {@code op}. */
  private static List<BigInteger> stakeOf(DevnetDeployer deployer, Deployment d, Credentials op)
      throws Exception {
    var s = deployer.registry(d, op).stakeOf(op.getAddress()).send();
    return List.of(s.component1(), s.component2());
  }

  private static int status(JobMarket market, byte[] jobId) throws Exception {
    return market.getJob(jobId).send().status.intValueExact();
  }

  /**
   * The step tree of a made-up run with state hashes h_s = keccak("h" ‖ s): leaves keccak(0x04 ‖
   * uint64 s ‖ h_s), nodes keccak(0x01 ‖ left ‖ right), zero padding (core's positional tree).
   */
  private static final class StepTreeStandIn {
    private final List<byte[][]> levels = new java.util.ArrayList<>();

    StepTreeStandIn(int steps) {
      int h = 0;
      while ((1 << h) < steps + 1) {
        h++;
      }
      byte[][] level = new byte[1 << h][];
      for (int i = 0; i < level.length; i++) {
        level[i] = i <= steps ? leaf(i) : new byte[32];
      }
      levels.add(level);
      while (level.length > 1) {
        byte[][] up = new byte[level.length / 2][];
        for (int i = 0; i < up.length; i++) {
          up[i] =
              org.web3j.crypto.Hash.sha3(concat(new byte[] {1}, level[2 * i], level[2 * i + 1]));
        }
        levels.add(up);
        level = up;
      }
    }

    static byte[] stateHash(int s) {
      return Bytes32.keccakOf("h" + s).bytes();
    }

    static byte[] leaf(int s) {
      byte[] step = java.nio.ByteBuffer.allocate(8).putLong(s).array();
      return org.web3j.crypto.Hash.sha3(concat(new byte[] {4}, step, stateHash(s)));
    }

    byte[] root() {
      return levels.get(levels.size() - 1)[0];
    }

    List<byte[]> path(int s) {
      List<byte[]> p = new java.util.ArrayList<>();
      for (int l = 0; l < levels.size() - 1; l++) {
        p.add(levels.get(l)[(s >> l) ^ 1]);
      }
      return p;
    }

    private static byte[] concat(byte[]... parts) {
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      for (byte[] p : parts) {
        out.writeBytes(p);
      }
      return out.toByteArray();
    }
  }
}
