package io.tribunal.devnet.market;

import java.math.BigInteger;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/** Prints the gas a receipt really used, next to the target, on one greppable line. */
public final class GasReport {
  private GasReport() {}

  /** Prints {@code [gas] <call>: <gasUsed> (target <= <target>)} and returns gasUsed. */
  public static long report(String call, TransactionReceipt receipt, long target) {
    BigInteger used = receipt.getGasUsed();
    System.out.printf("[gas] %-40s %,9d  (target <= %,d)%n", call + ":", used, target);
    return used.longValueExact();
  }
}
