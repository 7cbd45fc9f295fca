package io.tribunal.solver.inference;

import io.tribunal.core.model.MlpSpec;
import java.math.BigInteger;

/**
 * The gas-like meter: a request costs its operation count times a unit price. One forward pass of
 * an MLP counts, per layer, one op per multiply-accumulate (in·out), one per bias add (out) and, on
 * hidden layers, one per ReLU (out). The unit price is quoted per million ops ("Mop") in token base
 * units — the unit of {@code pricePerInferenceUnit} in the StakeRegistry — and the price is rounded
 * up to a whole base unit.
 */
public record PriceMeter(BigInteger pricePerMop) {
  public static final BigInteger MOP = BigInteger.valueOf(1_000_000);

  public PriceMeter {
    if (pricePerMop.signum() <= 0) {
      throw new IllegalArgumentException("price per million ops must be > 0, got " + pricePerMop);
    }
  }

  public static long ops(MlpSpec spec) {
    long ops = 0;
    for (int l = 1; l <= spec.layers(); l++) {
      long in = spec.widths().get(l - 1);
      long out = spec.widths().get(l);
      ops += in * out + out + (l < spec.layers() ? out : 0);
    }
    return ops;
  }

  /** ceil(ops × pricePerMop / 10^6), at least 1 base unit. */
  public BigInteger price(long ops) {
    BigInteger[] qr = BigInteger.valueOf(ops).multiply(pricePerMop).divideAndRemainder(MOP);
    BigInteger p = qr[1].signum() == 0 ? qr[0] : qr[0].add(BigInteger.ONE);
    return p.max(BigInteger.ONE);
  }
}
