package io.tribunal.protocol.da;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tribunal.core.commit.Hash32;
import io.tribunal.protocol.chain.ChainReader;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.web3j.crypto.Blob;
import org.web3j.crypto.BlobUtils;
import org.web3j.utils.Numeric;

/**
 * Blobs fetched from a beacon node's standard API ({@code GET /eth/v1/beacon/blobs/{block_id}}),
 * trusted for nothing: each blob is kept only if its KZG commitment, computed here, gives the
 * versioned hash the chain recorded. The block id is the beacon block root the next execution block
 * names ({@code parentBeaconBlockRoot}); a chain without beacon roots (anvil) is asked by execution
 * block number. Blobs are pruned after about 18 days (4096 epochs) on Ethereum; objection periods
 * are hours.
 */
public final class BeaconBlobs {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String NO_ROOT = "0x" + "0".repeat(64);

  private final String base;
  private final ChainReader reader;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /**
   * @param beaconUrl the beacon node's base URL (anvil serves the beacon API on its RPC port)
   */
  public BeaconBlobs(String beaconUrl, ChainReader reader) {
    this.base =
        beaconUrl.endsWith("/") ? beaconUrl.substring(0, beaconUrl.length() - 1) : beaconUrl;
    this.reader = reader;
  }

  /**
   * The blob with {@code versionedHash} carried by a transaction of execution block {@code block},
   * or empty if the beacon node does not serve it (pruned, unknown, unreachable, or wrong data).
   */
  public Optional<byte[]> blob(long block, Hash32 versionedHash) {
    String id = blockId(block);
    URI uri =
        URI.create(
            base + "/eth/v1/beacon/blobs/" + id + "?versioned_hashes=" + versionedHash.hex());
    JsonNode data;
    try {
      HttpResponse<byte[]> r =
          http.send(
              HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET().build(),
              HttpResponse.BodyHandlers.ofByteArray());
      if (r.statusCode() != 200) {
        return Optional.empty();
      }
      data = JSON.readTree(r.body()).path("data");
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
    for (JsonNode node : data) {
      byte[] blob = Numeric.hexStringToByteArray(node.asText());
      if (blob.length == BlobCodec.BLOB_BYTES && versionedHash.equals(versionedHash(blob))) {
        return Optional.of(blob);
      }
    }
    return Optional.empty();
  }

  /** The EIP-4844 versioned hash of {@code blob}: 0x01 ‖ sha256(KZG commitment)[1..]. */
  public static Hash32 versionedHash(byte[] blob) {
    Bytes commitment = BlobUtils.getCommitment(new Blob(blob));
    return new Hash32(BlobUtils.kzgToVersionedHash(commitment).toArrayUnsafe());
  }

  private String blockId(long block) {
    Optional<String> root =
        reader.view(
            "eth_getBlockByNumber",
            () -> {
              var b =
                  reader
                      .chain()
                      .web3j()
                      .ethGetBlockByNumber(
                          org.web3j.protocol.core.DefaultBlockParameter.valueOf(
                              java.math.BigInteger.valueOf(block + 1)),
                          false)
                      .send()
                      .getBlock();
              return Optional.ofNullable(b == null ? null : b.getParentBeaconBlockRoot());
            });
    return root.filter(r -> !r.equalsIgnoreCase(NO_ROOT)).orElse(Long.toString(block));
  }
}
