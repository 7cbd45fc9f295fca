package io.tribunal.devnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.tribunal.bindings.TransactionRevertedException;
import io.tribunal.bindings.eip712.EcdsaSignature;
import io.tribunal.bindings.eip712.Eip2612Permit;
import io.tribunal.bindings.generated.TestUSD;
import io.tribunal.devnet.testing.AnvilExtension;
import io.tribunal.devnet.testing.Devnet;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import org.web3j.utils.Numeric;

@ExtendWith(AnvilExtension.class)
class PermitTransferIT {
  private static final BigInteger AMOUNT = BigInteger.valueOf(250_000_000L); // 250 tUSD

  @Test
  void deploysMintsAndTransfersWithAPermitSignedByWeb3j(Devnet devnet) throws Exception {
    Credentials owner = devnet.account(0);
    Credentials user = fresh(devnet, 1_000);
    Credentials relayer = devnet.account(2);
    String recipient = devnet.account(3).getAddress();
    PermitTransfer smoke = new PermitTransfer(devnet.chain(), devnet.deployment());
    BigInteger recipientBefore = smoke.balanceOf(recipient);

    PermitTransfer.SignedPermit signed = smoke.sign(user, relayer.getAddress(), AMOUNT);
    PermitTransfer.Result r = smoke.relay(signed, relayer, recipient);

    assertThat(r.permitTx().isStatusOK()).isTrue();
    assertThat(r.transferTx().isStatusOK()).isTrue();
    assertThat(smoke.balanceOf(user.getAddress()))
        .isEqualTo(BigInteger.valueOf(1_000_000_000L).subtract(AMOUNT));
    assertThat(smoke.balanceOf(recipient)).isEqualTo(recipientBefore.add(AMOUNT));
    assertThat(devnet.chain().ethBalance(user.getAddress())).isZero(); // the user paid no gas
    assertThat(smoke.token(owner).nonces(user.getAddress()).send()).isEqualTo(BigInteger.ONE);
  }

  @Test
  void rejectsAReplayedPermit(Devnet devnet) throws Exception {
    Credentials user = fresh(devnet, 1_000);
    Credentials relayer = devnet.account(4);
    PermitTransfer smoke = new PermitTransfer(devnet.chain(), devnet.deployment());
    PermitTransfer.SignedPermit signed = smoke.sign(user, relayer.getAddress(), AMOUNT);
    smoke.relay(signed, relayer, relayer.getAddress());
    BigInteger balanceAfterFirst = smoke.balanceOf(user.getAddress());

    assertThatThrownBy(() -> smoke.relay(signed, relayer, relayer.getAddress()))
        .isInstanceOf(TransactionRevertedException.class)
        // ERC2612InvalidSigner(address,address): the nonce moved on, so the signer recovers wrong
        .satisfies(
            e ->
                assertThat(((TransactionRevertedException) e).errorSelector())
                    .as(e.getMessage())
                    .contains("0x4b800e46"));
    assertThat(smoke.balanceOf(user.getAddress())).isEqualTo(balanceAfterFirst);
    assertThat(smoke.token(relayer).allowance(user.getAddress(), relayer.getAddress()).send())
        .isZero();
  }

  @Test
  void acceptsAPermitSignedByEthers6(Devnet devnet) throws Exception {
    Credentials user = fresh(devnet, 500);
    Credentials relayer = devnet.account(5);
    String recipient = devnet.account(6).getAddress();
    PermitTransfer smoke = new PermitTransfer(devnet.chain(), devnet.deployment());
    TestUSD token = smoke.token(relayer);
    BigInteger deadline = smoke.deadline(600);
    BigInteger recipientBefore = smoke.balanceOf(recipient);

    Map<String, Object> request = new LinkedHashMap<>();
    request.put(
        "privateKey",
        Numeric.toHexStringWithPrefixZeroPadded(user.getEcKeyPair().getPrivateKey(), 64));
    request.put("tokenName", token.name().send());
    request.put("chainId", devnet.chain().chainId());
    request.put("token", token.getContractAddress());
    request.put("owner", user.getAddress());
    request.put("spender", relayer.getAddress());
    request.put("value", AMOUNT.toString());
    request.put("nonce", "0");
    request.put("deadline", deadline.toString());
    JsonNode signed = NodeScripts.run("sign-permit.js", request);

    Eip2612Permit permit =
        new Eip2612Permit(
            user.getAddress(), relayer.getAddress(), AMOUNT, BigInteger.ZERO, deadline);
    // ethers and our Java EIP-712 encoder agree on the digest ...
    assertThat(signed.get("digest").asText())
        .isEqualTo(
            Numeric.toHexString(
                permit.digest(
                    token.name().send(), devnet.chain().chainId(), token.getContractAddress())));
    // ... and the contract accepts ethers' signature
    PermitTransfer.Result r =
        smoke.relay(
            new PermitTransfer.SignedPermit(
                permit, EcdsaSignature.fromHex(signed.get("signature").asText())),
            relayer,
            recipient);

    assertThat(r.transferTx().isStatusOK()).isTrue();
    assertThat(smoke.balanceOf(recipient)).isEqualTo(recipientBefore.add(AMOUNT));
    assertThat(smoke.balanceOf(user.getAddress()))
        .isEqualTo(BigInteger.valueOf(500_000_000L).subtract(AMOUNT));
  }

  /** A brand-new key with {@code usd} tUSD and no ETH at all. */
  private static Credentials fresh(Devnet devnet, long usd) throws Exception {
    Credentials c = Credentials.create(Keys.createEcKeyPair());
    new DevnetDeployer(devnet.chain(), devnet.account(0))
        .fund(devnet.deployment(), c.getAddress(), 0, usd);
    return c;
  }
}
