package io.tribunal.client.job;

import io.tribunal.bindings.eip712.Bytes32;
import io.tribunal.bindings.eip712.JobRequest;
import io.tribunal.core.data.DatasetCommitment;
import io.tribunal.core.data.DatasetSplit;
import io.tribunal.core.model.MlpSpec;
import io.tribunal.core.tensor.Parallel;
import io.tribunal.protocol.job.DatasetSource;
import io.tribunal.protocol.job.JobHashes;
import io.tribunal.protocol.job.JobLimits;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.SecureRandom;

/**
 * Builds a {@link JobRequest} from what a user types: the model spec and dataset are hashed by the
 * rules in {@link JobHashes} and core's dataset commitment, the nonce is random (JobMarket's nonces
 * are an unordered bitmap, so any unused value works). A job the market would refuse ({@link
 * JobLimits}: layers, widths, batch, steps, commit window) fails here, before anything is signed.
 */
public final class JobRequestBuilder {
  private JobRequestBuilder() {}

  /** The request and the preimages of its hyperParamsHash and modelSpecHash. */
  public record Built(JobRequest request, JobHashes.HyperParams hyperParams, MlpSpec spec) {}

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
    // the market's own limits (none depends on the dataset), checked before anything is loaded or
    // signed
    JobLimits.check(spec, JobHashes.HyperParams.of(batch, lr, 1), steps, commitWindow);
    String uri = DatasetSource.uriOf(dataset);
    DatasetSplit split = new DatasetSource(datasetCache).load(uri);
    // the same check train makes: a model that does not fit the data could never be trained
    io.tribunal.core.train.StepEngine.checkFits(spec, split.train());
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
    return new Built(r, hp, spec);
  }
}
