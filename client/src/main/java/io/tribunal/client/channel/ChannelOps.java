package io.tribunal.client.channel;

import io.tribunal.bindings.Deployment;
import io.tribunal.bindings.TransactionRevertedException;
import io.tribunal.bindings.TribunalChain;
import io.tribunal.bindings.eip712.Bytes32;
import io.tribunal.bindings.eip712.Eip2612Permit;
import io.tribunal.bindings.eip712.Eip712Domain;
import io.tribunal.bindings.eip712.SignedPermit;
import io.tribunal.bindings.eip712.Voucher;
import io.tribunal.bindings.generated.PaymentChannels;
import io.tribunal.bindings.generated.TestUSD;
import io.tribunal.client.sdk.ChannelBook;
import io.tribunal.client.sdk.ChannelRecord;
import java.math.BigInteger;
import java.security.SecureRandom;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.exceptions.TransactionException;

/**
 * The payer's on-chain channel operations: open and top up with an EIP-2612 permit (no separate
 * approve transaction), start an uncooperative close, settle, and read a channel. Each opened
 * channel is recorded in the {@link ChannelBook} before this returns.
 */
public final class ChannelOps {
  /** On-chain state of a channel. */
  public record OnChain(BigInteger deposit, BigInteger claimed, long expiry, String status) {}

  private static final String[] STATUS = {"none", "open", "closing", "closed"};

  private final TribunalChain chain;
  private final Deployment deployment;
  private final Credentials payer;
  private final ChannelBook book;

  public ChannelOps(
      TribunalChain chain, Deployment deployment, Credentials payer, ChannelBook book) {
    this.chain = chain;
    this.deployment = deployment;
    this.payer = payer;
    this.book = book;
  }

  /**
   * Opens a channel to {@code payee} with {@code deposit} base units until {@code expiry}. The
   * record (with the random salt, which the payer needs to ever get the deposit back) is saved
   * durably before the transaction is sent, so a crash after the broadcast cannot lose it; it is
   * removed only when the chain refuses the open.
   */
  public ChannelRecord open(String payee, BigInteger deposit, long expiry) {
    byte[] salt = new byte[32];
    new SecureRandom().nextBytes(salt);
    Bytes32 s = new Bytes32(salt);
    String contract = deployment.address("PaymentChannels");
    ChannelRecord r =
        new ChannelRecord(
            Voucher.channelId(payer.getAddress(), payee, s).hex(),
            payer.getAddress().toLowerCase(),
            payee.toLowerCase(),
            s.hex(),
            chain.chainId(),
            contract.toLowerCase(),
            null,
            BigInteger.ZERO,
            BigInteger.ZERO);
    book.save(r);
    try {
      channels()
          .open(
              payee,
              salt,
              deposit,
              BigInteger.valueOf(expiry),
              permit(deposit).forPaymentChannels())
          .send();
    } catch (TransactionRevertedException | TransactionException e) {
      book.delete(r.channelId()); // refused (at estimate or mined reverted): nothing was opened
      throw new IllegalStateException("open refused by the chain: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("open failed: " + e.getMessage(), e);
    }
    return r;
  }

  public TransactionReceipt topUp(ChannelRecord r, BigInteger amount) {
    return send(
        () ->
            channels()
                .topUp(r.payee(), salt(r), amount, permit(amount).forPaymentChannels())
                .send());
  }

  public TransactionReceipt startClose(ChannelRecord r) {
    return send(() -> channels().startClose(r.payee(), salt(r)).send());
  }

  public TransactionReceipt settle(ChannelRecord r) {
    return send(() -> channels().settle(r.payee(), salt(r)).send());
  }

  public OnChain read(String channelId) {
    try {
      var t = channels().getChannel(Bytes32.fromHex(channelId).bytes()).send();
      return new OnChain(
          t.component1(),
          t.component2(),
          t.component3().longValueExact(),
          STATUS[t.component4().intValueExact()]);
    } catch (Exception e) {
      throw new IllegalStateException(
          "cannot read channel " + channelId + ": " + e.getMessage(), e);
    }
  }

  /** Latest block timestamp: expiries follow chain time. */
  public long chainNow() {
    return chain.latestBlockTime();
  }

  /** Token decimals, for converting "10.5" tokens into base units. */
  public int decimals() {
    try {
      return token().decimals().send().intValueExact();
    } catch (Exception e) {
      throw new IllegalStateException("cannot read token decimals: " + e.getMessage(), e);
    }
  }

  public BigInteger balance(String address) {
    try {
      return token().balanceOf(address).send();
    } catch (Exception e) {
      throw new IllegalStateException("cannot read balance: " + e.getMessage(), e);
    }
  }

  private SignedPermit permit(BigInteger value) throws Exception {
    TestUSD token = token();
    BigInteger nonce = token.nonces(payer.getAddress()).send();
    Eip2612Permit p =
        new Eip2612Permit(
            payer.getAddress(),
            deployment.address("PaymentChannels"),
            value,
            nonce,
            BigInteger.valueOf(chainNow() + 3600));
    return SignedPermit.sign(
        p, Eip712Domain.testUsd(chain.chainId(), deployment.address("TestUSD")), payer);
  }

  private PaymentChannels channels() {
    return PaymentChannels.load(
        deployment.address("PaymentChannels"),
        chain.web3j(),
        chain.transactionManager(payer),
        chain.gasProvider());
  }

  private TestUSD token() {
    return TestUSD.load(
        deployment.address("TestUSD"),
        chain.web3j(),
        chain.transactionManager(payer),
        chain.gasProvider());
  }

  private static byte[] salt(ChannelRecord r) {
    return Bytes32.fromHex(r.salt()).bytes();
  }

  private interface Tx {
    TransactionReceipt run() throws Exception;
  }

  private static TransactionReceipt send(Tx tx) {
    try {
      return tx.run();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }
}
