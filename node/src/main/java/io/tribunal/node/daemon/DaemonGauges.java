package io.tribunal.node.daemon;

import io.tribunal.node.persist.JobTable;
import java.math.BigInteger;
import java.util.List;
import java.util.concurrent.Callable;

/** The gauges every daemon exports: jobs by phase, unsettled transactions, balances and stake. */
final class DaemonGauges {
  private DaemonGauges() {}

  /**
   * {@code tribunal_jobs{phase}} for each local phase (and {@link JobTable#ATTENTION}), and {@code
   * tribunal_tx_unsettled}: journaled transactions whose outcome the chain has not shown yet.
   */
  static void phases(DaemonRuntime rt, List<String> phases) {
    rt.metrics()
        .gauge(
            "tribunal_tx_unsettled",
            "Journaled transactions with no outcome on chain yet",
            () -> rt.db().txJournal().pending().size());
    List<String> all = new java.util.ArrayList<>(phases);
    if (!all.contains(JobTable.ATTENTION)) {
      all.add(JobTable.ATTENTION);
    }
    for (String phase : all) {
      rt.metrics()
          .gauge(
              "tribunal_jobs",
              "Jobs by local phase",
              () -> rt.db().jobs().count(phase),
              "phase",
              phase);
    }
  }

  /** The operator's token and ETH balances; with {@code staked}, its active and locked stake. */
  static void balances(DaemonRuntime rt, boolean staked) {
    if (staked) {
      rt.metrics()
          .gauge(
              "tribunal_stake_active",
              "Active stake (token base units)",
              () ->
                  quiet(() -> rt.contracts().registry().stakeOf(rt.address()).send().component1()));
      rt.metrics()
          .gauge(
              "tribunal_stake_locked",
              "Stake locked as job collateral",
              () ->
                  quiet(() -> rt.contracts().registry().stakeOf(rt.address()).send().component2()));
    }
    rt.metrics()
        .gauge(
            "tribunal_token_balance",
            "Token balance of the operator",
            () -> quiet(() -> rt.contracts().token().balanceOf(rt.address()).send()));
    rt.metrics()
        .gauge(
            "tribunal_eth_balance_wei",
            "ETH balance of the operator",
            () -> quiet(() -> rt.chain().ethBalance(rt.address())));
  }

  private static double quiet(Callable<BigInteger> c) {
    try {
      return c.call().doubleValue();
    } catch (Exception e) {
      return Double.NaN;
    }
  }
}
