package io.tribunal.core.fixed;

/**
 * The averaging rule of pooling layers: the exact quotient of an exact integer sum by a positive
 * count, rounded half up (the same rounding as {@link Fixed#div}), then saturated. For a count that
 * is a power of two 2^k it equals {@link Fixed#roundShift}(sum, k).
 *
 * <p>Invariant: total (no input throws); for count >= 1 the result is within half a Q16.16 unit of
 * sum / count whenever that quotient lies in the int32 range.
 */
public final class FixedPool {
  private FixedPool() {}

  /**
   * Mean of a window: saturate(floor(sum / count + 1/2)) for count >= 1, formed as q + (2r >= count
   * ? 1 : 0) with q = floor(sum / count) and r = sum - q * count in [0, count), so no intermediate
   * leaves int64. A count <= 0 saturates by the sign of sum (0 for sum 0), as division by zero in
   * {@link Fixed#div}.
   */
  public static int mean(long sum, long count) {
    if (count <= 0) {
      return sum > 0 ? Integer.MAX_VALUE : sum < 0 ? Integer.MIN_VALUE : 0;
    }
    long q = Math.floorDiv(sum, count);
    long r = Math.floorMod(sum, count);
    return Fixed.saturate(q + (r >= count - r ? 1 : 0));
  }
}
