package io.tribunal.protocol.leaf;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import org.web3j.protocol.core.RemoteFunctionCall;

/**
 * A harness's {@code elementBatch(op, rows, cols, in0, in1, …)} with its trailing attribute
 * argument bound: each generated harness wrapper is its own class, so each differential test passes
 * a lambda over its wrapper.
 */
@FunctionalInterface
interface ElementBatch {
  @SuppressWarnings("rawtypes")
  RemoteFunctionCall<List> elementBatch(
      BigInteger op,
      List<BigInteger> rows,
      List<BigInteger> cols,
      List<byte[]> in0,
      List<byte[]> in1);

  /** Evaluates {@code cases} of op {@code kind} in one eth_call, results in case order. */
  @SuppressWarnings("unchecked")
  default List<BigInteger> evaluate(LeafOp kind, List<ElementCase> cases) throws Exception {
    return elementBatch(
            BigInteger.valueOf(kind.index()),
            cases.stream().map(c -> BigInteger.valueOf(c.row())).toList(),
            cases.stream().map(c -> BigInteger.valueOf(c.col())).toList(),
            cases.stream().map(ElementCase::in0).toList(),
            cases.stream().map(ElementCase::in1).toList())
        .send();
  }

  /** An op's attributes as the harness's {@code uint256[] attrs}. */
  static List<BigInteger> attributes(long[] attrs) {
    return Arrays.stream(attrs).mapToObj(BigInteger::valueOf).toList();
  }
}
