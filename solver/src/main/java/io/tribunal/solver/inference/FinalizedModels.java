package io.tribunal.solver.inference;

import io.tribunal.bindings.eip712.Bytes32;
import io.tribunal.bindings.generated.JobMarket;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * "Was this model finalized on chain?": {@code JobMarket.jobOfModel(hash) != 0}, which finalize
 * sets from the job's committed {@code finalModelHash}. A yes is final and cached forever; a no is
 * re-asked at most every few seconds.
 */
public final class FinalizedModels implements Predicate<Bytes32> {
  private static final long RECHECK_NANOS = 5_000_000_000L;

  private final JobMarket market;
  private final Set<Bytes32> finalized = ConcurrentHashMap.newKeySet();
  private final Map<Bytes32, Long> negativeAt = new ConcurrentHashMap<>();

  public FinalizedModels(JobMarket market) {
    this.market = market;
  }

  @Override
  public boolean test(Bytes32 hash) {
    if (finalized.contains(hash)) {
      return true;
    }
    Long at = negativeAt.get(hash);
    if (at != null && System.nanoTime() - at < RECHECK_NANOS) {
      return false;
    }
    try {
      byte[] job = market.jobOfModel(hash.bytes()).send();
      if (!Arrays.equals(job, new byte[32])) {
        finalized.add(hash);
        return true;
      }
      negativeAt.put(hash, System.nanoTime());
      return false;
    } catch (Exception e) {
      throw new IllegalStateException(
          "cannot ask JobMarket about model " + hash + ": " + e.getMessage(), e);
    }
  }
}
