package io.tribunal.devnet.market;

import static io.tribunal.devnet.market.JobRequests.PRICE;
import static io.tribunal.devnet.market.JobRequests.usd;
import static org.assertj.core.api.Assertions.assertThat;

import io.tribunal.bindings.Deployment;
import io.tribunal.bindings.eip712.Eip2612Permit;
import io.tribunal.bindings.eip712.Eip712Domain;
import io.tribunal.bindings.eip712.JobRequest;
import io.tribunal.bindings.eip712.SignedPermit;
import io.tribunal.bindings.generated.JobMarket;
import io.tribunal.bindings.generated.TestUSD;
import io.tribunal.devnet.DevnetDeployer;
import io.tribunal.devnet.kit.AnvilRpc;
import io.tribunal.devnet.testing.AnvilExtension;
import io.tribunal.devnet.testing.Devnet;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * A JobRequest and its permit signed by ethers 6 {@code signTypedData}, as a MetaMask user's wallet
 * signs them, relayed by someone else and accepted by the market end to end.
 */
@ExtendWith(AnvilExtension.class)
class EthersSignedJobIT {

  @Test
  void acceptsAJobRequestAndPermitSignedByEthersAndAgreesOnBothDigests(Devnet devnet)
      throws Exception {
    DevnetDeployer deployer = new DevnetDeployer(devnet.chain(), devnet.account(0));
    Deployment d = devnet.deployment();
    Credentials relayer = devnet.account(4);
    JobMarket market = deployer.market(d, relayer);
    TestUSD token = deployer.token(d, relayer);
    long chainId = devnet.chain().chainId();
    Eip712Domain marketDomain = Eip712Domain.jobMarket(chainId, d.address("JobMarket"));
    Eip712Domain tokenDomain = Eip712Domain.testUsd(chainId, d.address("TestUSD"));
    // a first, web3j-signed job, so the market already holds escrow (the usual case for gas)
    Credentials earlier = newUser(deployer, d, 30);
    JobRequest first =
        JobRequests.mnist(earlier.getAddress(), AnvilRpc.now(devnet.chain()), 3600, 0);
    market
        .submitJob(
            first.toWrapper(),
            first.sign(marketDomain, earlier).toBytes(),
            Permits.sign(devnet, earlier, d.address("JobMarket"), PRICE).forJobMarket(),
            JobRequests.HYPER,
            JobRequests.WIDTHS)
        .send();

    Credentials user = newUser(deployer, d, 30);
    JobRequest request =
        JobRequests.mnist(user.getAddress(), AnvilRpc.now(devnet.chain()), 3600, 3);
    Eip2612Permit permit =
        new Eip2612Permit(
            user.getAddress(),
            d.address("JobMarket"),
            PRICE,
            BigInteger.ZERO,
            AnvilRpc.now(devnet.chain()).add(BigInteger.valueOf(3600)));
    EthersTypedData.Signed signedRequest =
        EthersTypedData.sign(
            user, marketDomain, JobRequest.TYPE, JobRequests.ethersMessage(request));
    EthersTypedData.Signed signedPermit =
        EthersTypedData.sign(user, tokenDomain, Eip2612Permit.TYPE, permitMessage(permit));

    assertThat(signedRequest.digest()).isEqualTo(request.digest(marketDomain));
    assertThat(signedPermit.digest()).isEqualTo(permit.digest(tokenDomain));
    assertThat(signedRequest.signer()).isEqualToIgnoringCase(user.getAddress());
    // RFC 6979 on both sides: the very same bytes web3j would have produced
    assertThat(signedRequest.signature()).isEqualTo(request.sign(marketDomain, user));

    BigInteger marketBefore = token.balanceOf(d.address("JobMarket")).send();
    TransactionReceipt submitted =
        market
            .submitJob(
                request.toWrapper(),
                signedRequest.signature().toBytes(),
                new SignedPermit(permit, signedPermit.signature()).forJobMarket(),
                JobRequests.HYPER,
                JobRequests.WIDTHS)
            .send();

    byte[] jobId = signedRequest.digest().bytes();
    JobMarket.JobView job = market.getJob(jobId).send();
    assertThat(job.status).isEqualTo(BigInteger.ONE); // Open
    assertThat(job.user).isEqualToIgnoringCase(user.getAddress());
    assertThat(job.price).isEqualTo(PRICE);
    assertThat(market.isNonceUsed(user.getAddress(), BigInteger.valueOf(3)).send()).isTrue();
    assertThat(token.balanceOf(user.getAddress()).send()).isEqualTo(usd(30).subtract(PRICE));
    assertThat(token.balanceOf(d.address("JobMarket")).send()).isEqualTo(marketBefore.add(PRICE));
    assertThat(token.allowance(user.getAddress(), d.address("JobMarket")).send()).isZero();
    assertThat(devnet.chain().ethBalance(user.getAddress())).isZero();

    long gas = GasReport.report("submitJob with permit (usual case)", submitted, 200_000);
    assertThat(gas).isLessThanOrEqualTo(200_000);

    Reverts.assertRevertsWith(
        () ->
            market
                .submitJob(
                    request.toWrapper(),
                    signedRequest.signature().toBytes(),
                    SignedPermit.noneForJobMarket(),
                    JobRequests.HYPER,
                    JobRequests.WIDTHS)
                .send(),
        "JobMarket_NonceUsed(address,uint256)");
  }

  /** A fresh key with tUSD and no ETH: it only ever signs. */
  private static Credentials newUser(DevnetDeployer deployer, Deployment d, long usd)
      throws Exception {
    Credentials c = Credentials.create(Keys.createEcKeyPair());
    deployer.fund(d, c.getAddress(), 0, usd);
    return c;
  }

  private static Map<String, Object> permitMessage(Eip2612Permit p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("owner", p.owner());
    m.put("spender", p.spender());
    m.put("value", p.value().toString());
    m.put("nonce", p.nonce().toString());
    m.put("deadline", p.deadline().toString());
    return m;
  }
}
