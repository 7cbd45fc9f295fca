package io.tribunal.node.chain;

import io.tribunal.protocol.chain.ChainReader;
import java.math.BigInteger;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.web3j.crypto.Blob;
import org.web3j.crypto.BlobUtils;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.rlp.RlpDecoder;
import org.web3j.rlp.RlpEncoder;
import org.web3j.rlp.RlpList;
import org.web3j.utils.Numeric;

/**
 * EIP-4844 (type-3) transactions: the blobs' KZG commitments and versioned hashes, the gas estimate
 * of a call that reads {@code blobhash}, and signing. The transaction hash is that of the signed
 * transaction WITHOUT its sidecar (blobs, commitments, proofs); the network form, with the sidecar,
 * is what nodes accept and what the journal keeps for re-broadcasts.
 */
final class BlobTransactions {
  /** Blobs per transaction at most (Ethereum's per-transaction limit since Osaka). */
  static final int MAX_BLOBS = 6;

  private BlobTransactions() {}

  /** The blobs and their versioned hashes (0x01 ‖ sha256(KZG commitment)[1..]). */
  record Sidecar(List<Blob> blobs, List<Bytes> versionedHashes) {}

  /** A signed blob transaction: its hash and its network form. */
  record Signed(String hash, byte[] network) {}

  static Sidecar sidecar(List<byte[]> blobs) {
    if (blobs.size() > MAX_BLOBS) {
      throw new IllegalArgumentException(
          "a transaction carries at most " + MAX_BLOBS + " blobs, not " + blobs.size());
    }
    List<Blob> list = blobs.stream().map(Blob::new).toList();
    List<Bytes> hashes =
        list.stream().map(b -> BlobUtils.kzgToVersionedHash(BlobUtils.getCommitment(b))).toList();
    return new Sidecar(list, hashes);
  }

  static Signed sign(
      Sidecar sidecar,
      ChainReader reader,
      Credentials credentials,
      long chainId,
      BigInteger nonce,
      BigInteger gasPrice,
      BigInteger gasLimit,
      String to,
      String data) {
    BigInteger blobBaseFee =
        reader.view("blob base fee", () -> reader.chain().web3j().ethGetBaseFeePerBlobGas());
    // caps, not prices: the chain charges the base fees; twice today's leaves room for a rise
    BigInteger maxFee = gasPrice.shiftLeft(1);
    BigInteger tip = gasPrice.min(BigInteger.valueOf(1_000_000_000L));
    BigInteger maxBlobFee = blobBaseFee.shiftLeft(1).add(BigInteger.ONE);
    RawTransaction withSidecar =
        RawTransaction.createTransaction(
            sidecar.blobs(),
            chainId,
            nonce,
            tip,
            maxFee,
            gasLimit,
            to,
            BigInteger.ZERO,
            data,
            maxBlobFee);
    byte[] network = TransactionEncoder.signMessage(withSidecar, credentials);
    return new Signed(Numeric.toHexString(Hash.sha3(canonical(network))), network);
  }

  /**
   * The transaction without its sidecar: the network form is {@code 0x03 ‖ rlp([body, blobs,
   * commitments, proofs])}, the hashed form {@code 0x03 ‖ rlp(body)}.
   */
  static byte[] canonical(byte[] network) {
    if (network.length == 0 || network[0] != 0x03) {
      throw new IllegalArgumentException("not a type-3 transaction");
    }
    RlpList outer =
        (RlpList)
            RlpDecoder.decode(java.util.Arrays.copyOfRange(network, 1, network.length))
                .getValues()
                .get(0);
    byte[] body = RlpEncoder.encode(outer.getValues().get(0));
    byte[] out = new byte[body.length + 1];
    out[0] = 0x03;
    System.arraycopy(body, 0, out, 1, body.length);
    return out;
  }

  /** An eth_estimateGas call that names the blobs' versioned hashes (for {@code blobhash}). */
  static final class EstimateCall extends Transaction {
    private final List<String> versionedHashes;

    EstimateCall(String from, String to, String data, List<Bytes> versionedHashes) {
      super(from, null, null, null, to, BigInteger.ZERO, data);
      this.versionedHashes = versionedHashes.stream().map(Bytes::toHexString).toList();
    }

    public List<String> getBlobVersionedHashes() {
      return versionedHashes;
    }
  }
}
