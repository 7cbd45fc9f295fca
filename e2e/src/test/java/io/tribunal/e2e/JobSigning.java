package io.tribunal.e2e;

import static io.tribunal.devnet.kit.Calls.unchecked;

import io.tribunal.bindings.Deployment;
import io.tribunal.bindings.eip712.Bytes32;
import io.tribunal.bindings.eip712.EcdsaSignature;
import io.tribunal.bindings.eip712.Eip2612Permit;
import io.tribunal.bindings.eip712.Eip712Domain;
import io.tribunal.bindings.eip712.JobRequest;
import io.tribunal.bindings.eip712.SignedPermit;
import io.tribunal.bindings.generated.DisputeGame;
import io.tribunal.client.job.JobRequestBuilder;
import io.tribunal.core.model.MlpSpec;
import io.tribunal.devnet.DevnetDeployer;
import io.tribunal.devnet.kit.AnvilRpc;
import io.tribunal.devnet.testing.Devnet;
import io.tribunal.protocol.dispute.JobRegistration;
import io.tribunal.protocol.job.JobHashes;
import io.tribunal.protocol.job.SignedSubmission;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.Optional;
import org.web3j.crypto.Credentials;

/**
 * A user's side of a job, as the daemon ITs need it: a request + permit signed for the relay (price
 * {@link World#PRICE}, collateral {@link World#COLLATERAL}), and the job's registration with the
 * DisputeGame.
 */
final class JobSigning {
  private final Devnet devnet;
  private final DevnetDeployer deployer;
  private final Path datasetCache;

  JobSigning(Devnet devnet, DevnetDeployer deployer, Path datasetCache) {
    this.devnet = devnet;
    this.deployer = deployer;
    this.datasetCache = datasetCache;
  }

  /** A request of {@code shape} signed for {@code chainId} + a permit, as the relay's JSON body. */
  World.Submission sign(Credentials user, long seed, long chainId, World.Shape shape) {
    Deployment d = devnet.deployment();
    String market = d.address("JobMarket");
    JobRequestBuilder.Built built =
        JobRequestBuilder.build(
            user.getAddress(),
            shape.model(),
            shape.dataset(),
            shape.steps(),
            shape.batch(),
            "0.1",
            seed,
            World.PRICE,
            World.COLLATERAL,
            AnvilRpc.now(devnet.chain()).longValueExact(),
            3600,
            86400,
            datasetCache);
    EcdsaSignature sig = built.request().sign(Eip712Domain.jobMarket(chainId, market), user);
    BigInteger tokenNonce =
        unchecked(() -> deployer.token(d, devnet.account(0)).nonces(user.getAddress()).send());
    SignedPermit permit =
        SignedPermit.sign(
            new Eip2612Permit(
                user.getAddress(),
                market,
                World.PRICE,
                tokenNonce,
                built.request().claimDeadline()),
            Eip712Domain.testUsd(devnet.chain().chainId(), d.address("TestUSD")),
            user);
    SignedSubmission s =
        SignedSubmission.of(
            chainId,
            market,
            built.request(),
            sig,
            Optional.of(permit),
            built.hyperParams(),
            built.spec());
    Bytes32 id = built.request().digest(Eip712Domain.jobMarket(devnet.chain().chainId(), market));
    return new World.Submission(id, s, built);
  }

  /** Registers {@code s}'s committed job with the DisputeGame as {@code as}. */
  void registerWithGame(Credentials as, World.Submission s) {
    Deployment d = devnet.deployment();
    DisputeGame g =
        DisputeGame.load(
            d.address("DisputeGame"),
            devnet.chain().web3j(),
            devnet.chain().transactionManager(as),
            devnet.chain().gasProvider());
    JobRequest r = s.built().request();
    JobHashes.HyperParams hp = s.built().hyperParams();
    unchecked(() -> JobRegistration.call(g, r, hp, MlpSpec.parse(World.MODEL).widths()).send());
  }
}
