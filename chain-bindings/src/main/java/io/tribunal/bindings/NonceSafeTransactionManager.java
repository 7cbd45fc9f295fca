package io.tribunal.bindings;

import java.io.IOException;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.RawTransaction;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.tx.FastRawTransactionManager;
import org.web3j.tx.response.TransactionReceiptProcessor;

/**
 * Tracks the account nonce locally (no {@code eth_getTransactionCount} per transaction), and
 * re-reads it from the node whenever a send fails, so a rejected or lost transaction never leaves a
 * nonce gap that would block every later one.
 */
final class NonceSafeTransactionManager extends FastRawTransactionManager {

  NonceSafeTransactionManager(
      Web3j web3j, Credentials credentials, long chainId, TransactionReceiptProcessor receipts) {
    super(web3j, credentials, chainId, receipts);
  }

  @Override
  public synchronized EthSendTransaction signAndSend(RawTransaction tx) throws IOException {
    EthSendTransaction sent;
    try {
      sent = super.signAndSend(tx);
    } catch (IOException | RuntimeException e) {
      resetNonce();
      throw e;
    }
    if (sent.hasError()) {
      resetNonce();
    }
    return sent;
  }
}
