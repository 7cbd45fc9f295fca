package io.tribunal.protocol.graph;

import java.math.BigInteger;

/**
 * What one step of a graph costs, computed from the nodes alone, so a solver can refuse a graph
 * before it allocates or trains anything (a user can sign any graph, including one too large to
 * run): the tensor values a step holds, and an upper bound on its arithmetic — every output element
 * of an op reads at most one row of each input, so its work is at most the sum of those rows'
 * widths.
 *
 * @param values int32 values of every tensor of one step (parameters, data and op outputs)
 * @param elementWork Σ over ops of output elements × (width of input 0 + width of input 1)
 */
public record GraphCost(BigInteger values, BigInteger elementWork) {
  /** Most values one step may hold: 2^30 (4 GiB of int32s) before the graph is refused. */
  public static final BigInteger MAX_VALUES = BigInteger.ONE.shiftLeft(30);

  public static GraphCost of(OpGraph g) {
    BigInteger values = BigInteger.ZERO;
    BigInteger work = BigInteger.ZERO;
    for (int i = 0; i < g.nodes().size(); i++) {
      GraphNode n = g.node(i);
      BigInteger size = BigInteger.valueOf(n.rows()).multiply(BigInteger.valueOf(n.cols()));
      values = values.add(size);
      if (i >= g.params() + g.data()) {
        long widths = width(g, n.in0(), i) + width(g, n.in1(), i);
        work = work.add(size.multiply(BigInteger.valueOf(widths)));
      }
    }
    return new GraphCost(values, work);
  }

  private static long width(OpGraph g, int input, int node) {
    return input >= 0 && input < node ? g.node(input).cols() : 0;
  }
}
