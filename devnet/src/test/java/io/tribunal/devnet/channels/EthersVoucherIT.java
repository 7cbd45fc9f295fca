package io.tribunal.devnet.channels;

import static io.tribunal.devnet.market.JobRequests.usd;
import static org.assertj.core.api.Assertions.assertThat;

import io.tribunal.bindings.Deployment;
import io.tribunal.bindings.eip712.Bytes32;
import io.tribunal.bindings.eip712.Eip712Domain;
import io.tribunal.bindings.eip712.Voucher;
import io.tribunal.bindings.generated.PaymentChannels;
import io.tribunal.bindings.generated.TestUSD;
import io.tribunal.devnet.DevnetDeployer;
import io.tribunal.devnet.kit.AnvilRpc;
import io.tribunal.devnet.market.EthersTypedData;
import io.tribunal.devnet.market.GasReport;
import io.tribunal.devnet.market.Permits;
import io.tribunal.devnet.market.Reverts;
import io.tribunal.devnet.testing.AnvilExtension;
import io.tribunal.devnet.testing.Devnet;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * Payment-channel vouchers signed by ethers 6 {@code signTypedData} (as a browser wallet would sign
 * them) redeemed on chain by the payee, with every balance checked to the base unit.
 */
@ExtendWith(AnvilExtension.class)
class EthersVoucherIT {
  private static final BigInteger DEPOSIT = usd(10);

  /** One open channel from a fresh payer to anvil account {@code payeeIndex}. */
  private record Channel(
      Credentials payer,
      Credentials payee,
      Bytes32 salt,
      Bytes32 id,
      TransactionReceipt opened,
      boolean contractWasEmpty) {
    long reportOpenGas(String salt) {
      String first = contractWasEmpty ? "contract's first channel, " : "";
      return GasReport.report("open channel with permit (" + first + salt + ")", opened, 100_000);
    }
  }

  @Test
  void paysOutEthersSignedVouchersByClaimAndCloseToTheUnit(Devnet devnet) throws Exception {
    DevnetDeployer deployer = new DevnetDeployer(devnet.chain(), devnet.account(0));
    Deployment d = devnet.deployment();
    TestUSD token = deployer.token(d, devnet.account(0));
    String contract = d.address("PaymentChannels");
    Channel earlier = open(devnet, 5, Bytes32.keccakOf("earlier channel"));
    // a short salt, like forge's bytes32("s2"): fewer non-zero calldata bytes
    Channel ch = open(devnet, 6, shortSalt("ch-2"));
    BigInteger payeeStart = token.balanceOf(ch.payee().getAddress()).send();
    PaymentChannels asPayee = deployer.channels(d, ch.payee());

    EthersTypedData.Signed three = voucher(devnet, ch, usd(3));
    TransactionReceipt claimed =
        asPayee
            .claim(ch.payer().getAddress(), ch.salt().bytes(), usd(3), three.signature().toBytes())
            .send();

    assertThat(token.balanceOf(ch.payee().getAddress()).send()).isEqualTo(payeeStart.add(usd(3)));
    assertThat(channel(asPayee, ch)).containsExactly(DEPOSIT, usd(3), BigInteger.ONE);
    assertThat(token.balanceOf(contract).send())
        .isEqualTo(DEPOSIT.multiply(BigInteger.TWO).subtract(usd(3)));

    EthersTypedData.Signed seven = voucher(devnet, ch, usd(7));
    TransactionReceipt closed =
        asPayee
            .close(ch.payer().getAddress(), ch.salt().bytes(), usd(7), seven.signature().toBytes())
            .send();

    assertThat(token.balanceOf(ch.payee().getAddress()).send()).isEqualTo(payeeStart.add(usd(7)));
    assertThat(token.balanceOf(ch.payer().getAddress()).send()).isEqualTo(usd(20).subtract(usd(7)));
    assertThat(token.balanceOf(contract).send()).isEqualTo(DEPOSIT); // the earlier channel's
    assertThat(channel(asPayee, ch)).containsExactly(DEPOSIT, usd(7), BigInteger.valueOf(3));
    Reverts.assertRevertsWith(
        () ->
            asPayee
                .claim(
                    ch.payer().getAddress(), ch.salt().bytes(), usd(7), seven.signature().toBytes())
                .send(),
        "PaymentChannels_ChannelClosed(bytes32)");

    earlier.reportOpenGas("32-byte random salt");
    long open = ch.reportOpenGas("short salt");
    long claim = GasReport.report("claim", claimed, 70_000);
    long close = GasReport.report("close", closed, 70_000);
    assertThat(ch.contractWasEmpty()).isFalse();
    assertThat(open).isLessThanOrEqualTo(100_000);
    assertThat(claim).isLessThanOrEqualTo(70_000);
    assertThat(close).isLessThanOrEqualTo(70_000);
  }

  @Test
  void rejectsAStaleVoucherAfterAHigherOneWasClaimedAndOneAboveTheDeposit(Devnet devnet)
      throws Exception {
    DevnetDeployer deployer = new DevnetDeployer(devnet.chain(), devnet.account(0));
    Deployment d = devnet.deployment();
    TestUSD token = deployer.token(d, devnet.account(0));
    Channel ch = open(devnet, 7, Bytes32.keccakOf("rejections"));
    ch.reportOpenGas("32-byte random salt");
    PaymentChannels asPayee = deployer.channels(d, ch.payee());
    String payer = ch.payer().getAddress();
    EthersTypedData.Signed three = voucher(devnet, ch, usd(3));
    EthersTypedData.Signed five = voucher(devnet, ch, usd(5));
    EthersTypedData.Signed eleven = voucher(devnet, ch, usd(11));
    asPayee.claim(payer, ch.salt().bytes(), usd(5), five.signature().toBytes()).send();
    BigInteger payeeAfter = token.balanceOf(ch.payee().getAddress()).send();
    BigInteger contractAfter = token.balanceOf(d.address("PaymentChannels")).send();

    String stale =
        Reverts.assertRevertsWith(
            () ->
                asPayee.claim(payer, ch.salt().bytes(), usd(3), three.signature().toBytes()).send(),
            "PaymentChannels_StaleVoucher(uint256,uint256)");
    String above =
        Reverts.assertRevertsWith(
            () ->
                asPayee
                    .claim(payer, ch.salt().bytes(), usd(11), eleven.signature().toBytes())
                    .send(),
            "PaymentChannels_VoucherExceedsDeposit(uint256,uint256)");

    assertThat(stale).endsWith(word(usd(3)) + word(usd(5)));
    assertThat(above).endsWith(word(usd(11)) + word(DEPOSIT));
    assertThat(token.balanceOf(ch.payee().getAddress()).send()).isEqualTo(payeeAfter);
    assertThat(token.balanceOf(d.address("PaymentChannels")).send()).isEqualTo(contractAfter);
    assertThat(channel(asPayee, ch)).containsExactly(DEPOSIT, usd(5), BigInteger.ONE);
  }

  /** A fresh payer (1 ETH, 20 tUSD) opens a 10 tUSD channel with a permit, no approve. */
  private static Channel open(Devnet devnet, int payeeIndex, Bytes32 salt) throws Exception {
    DevnetDeployer deployer = new DevnetDeployer(devnet.chain(), devnet.account(0));
    Deployment d = devnet.deployment();
    Credentials payer = Credentials.create(Keys.createEcKeyPair());
    deployer.fund(d, payer.getAddress(), 1, 20);
    Credentials payee = devnet.account(payeeIndex);
    BigInteger held = deployer.token(d, payee).balanceOf(d.address("PaymentChannels")).send();
    TransactionReceipt opened =
        deployer
            .channels(d, payer)
            .open(
                payee.getAddress(),
                salt.bytes(),
                DEPOSIT,
                AnvilRpc.now(devnet.chain()).add(BigInteger.valueOf(86_400)),
                Permits.sign(devnet, payer, d.address("PaymentChannels"), DEPOSIT)
                    .forPaymentChannels())
            .send();
    Bytes32 id = Voucher.channelId(payer.getAddress(), payee.getAddress(), salt);
    assertThat(
            deployer
                .channels(d, payer)
                .channelIdOf(payer.getAddress(), payee.getAddress(), salt.bytes())
                .send())
        .isEqualTo(id.bytes());
    return new Channel(payer, payee, salt, id, opened, held.signum() == 0);
  }

  /** ethers signs the voucher; Java and the contract must agree on its digest. */
  private static EthersTypedData.Signed voucher(Devnet devnet, Channel ch, BigInteger amount)
      throws Exception {
    Deployment d = devnet.deployment();
    Eip712Domain domain =
        Eip712Domain.paymentChannels(devnet.chain().chainId(), d.address("PaymentChannels"));
    Voucher voucher = new Voucher(ch.id(), amount);
    EthersTypedData.Signed signed =
        EthersTypedData.sign(
            ch.payer(),
            domain,
            Voucher.TYPE,
            Map.of("channelId", ch.id().hex(), "cumulativeAmount", amount.toString()));
    byte[] onChain =
        new DevnetDeployer(devnet.chain(), devnet.account(0))
            .channels(d, ch.payee())
            .hashVoucher(ch.id().bytes(), amount)
            .send();
    assertThat(signed.digest()).isEqualTo(voucher.digest(domain)).isEqualTo(new Bytes32(onChain));
    assertThat(signed.signature().isLowS()).isTrue();
    return signed;
  }

  /** (deposit, claimed, status) of the channel. */
  private static List<BigInteger> channel(PaymentChannels channels, Channel ch) throws Exception {
    var c = channels.getChannel(ch.id().bytes()).send();
    return List.of(c.component1(), c.component2(), c.component4());
  }

  /** bytes32("label"): the ASCII bytes left-aligned, zero-padded. */
  private static Bytes32 shortSalt(String label) {
    byte[] b = new byte[32];
    byte[] ascii = label.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    System.arraycopy(ascii, 0, b, 0, ascii.length);
    return new Bytes32(b);
  }

  private static String word(BigInteger v) {
    return String.format("%064x", v);
  }
}
