package io.tribunal.client.job;

import io.tribunal.bindings.eip712.Bytes32;
import io.tribunal.bindings.eip712.JobRequest;
import io.tribunal.core.data.DatasetCommitment;
import io.tribunal.core.data.DatasetSplit;
import io.tribunal.core.model.MlpSpec;
import io.tribunal.core.tensor.Parallel;
import io.tribunal.protocol.job.DatasetSource;
import io.tribunal.protocol.job.JobHashes;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.SecureRandom;

/**
 * Builds a {@link JobRequest} from what a user types: the model spec and dataset are hashed by the
 * rules in {@link JobHashes} and core's dataset commitment, the nonce is random (JobMarket's nonces
 * are an unordered bitmap, so any unused value works).
 */
public final class JobRequestBuilder {
  private JobRequestBuilder() {}

  /** The request and the hyper-parameter preimage that goes with it. */
  public record Built(JobRequest request, JobHashes.HyperParams hyperParams) {}

  public static Built build(
      String user,
      String model,
      String dataset,
      long steps,
      int batch,
      String lr,
      long seed,
      BigInteger price,
      BigInteger collateral,
      long now,
      long claimWindow,
      long commitWindow,
      Path datasetCache) {
    MlpSpec spec = MlpSpec.parse(model);
    String uri = DatasetSource.uriOf(dataset);
    DatasetSplit split = new DatasetSource(datasetCache).load(uri);
    Bytes32 root;
    try (Parallel p = Parallel.of(2)) {
      root = Bytes32.fromHex(DatasetCommitment.of(split.train(), p).root().hex());
    }
    JobHashes.HyperParams hp = JobHashes.HyperParams.of(batch, lr, split.train().size());
    BigInteger claimDeadline = BigInteger.valueOf(now + claimWindow);
    JobRequest r =
        new JobRequest(
            user,
            JobHashes.modelSpecHash(spec),
            root,
            uri,
            hp.hash(),
            BigInteger.valueOf(steps),
            BigInteger.valueOf(seed),
            price,
            collateral,
            claimDeadline,
            claimDeadline.add(BigInteger.valueOf(commitWindow)),
            new BigInteger(64, new SecureRandom()));
    return new Built(r, hp);
  }
}
