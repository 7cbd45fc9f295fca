package io.tribunal.cli.demo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.tribunal.devnet.kit.Tusd;
import java.io.PrintWriter;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every party's balances before and after the story: wallet tUSD, active stake in the
 * StakeRegistry, and tUSD claimable from the JobMarket. Printed as a table or, with {@code --json},
 * as one JSON document in token base units.
 */
final class BalanceSheet {
  /** A party of the story. */
  record Party(String name, String role, String address) {}

  /** One party's balances at one moment (token base units). */
  record Balances(BigInteger wallet, BigInteger stake, BigInteger claimable) {
    Map<String, String> json() {
      Map<String, String> m = new LinkedHashMap<>();
      m.put("wallet", wallet.toString());
      m.put("stake", stake.toString());
      m.put("claimable", claimable.toString());
      return m;
    }
  }

  private final List<Party> parties;
  private final Map<String, Balances> before = new LinkedHashMap<>();
  private final Map<String, Balances> after = new LinkedHashMap<>();

  BalanceSheet(List<Party> parties) {
    this.parties = List.copyOf(parties);
  }

  void before(ChainWatch chain) {
    read(chain, before);
  }

  void after(ChainWatch chain) {
    read(chain, after);
  }

  private void read(ChainWatch chain, Map<String, Balances> into) {
    for (Party p : parties) {
      into.put(
          p.name(),
          new Balances(
              chain.wallet(p.address()), chain.stake(p.address()), chain.claimable(p.address())));
    }
  }

  void printJson(PrintWriter out) {
    Map<String, Object> doc = new LinkedHashMap<>();
    for (Party p : parties) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("role", p.role());
      m.put("address", p.address());
      m.put("before", before.get(p.name()).json());
      m.put("after", after.get(p.name()).json());
      doc.put(p.name(), m);
    }
    try {
      out.println(
          new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render JSON output", e);
    }
    out.flush();
  }

  void printTable(PrintWriter out) {
    String fmt = "%-15s %-29s %9s %9s %7s %7s %9s %9s%n";
    out.printf(
        fmt, "party", "role", "wallet", "wallet", "stake", "stake", "claimable", "claimable");
    out.printf(fmt, "", "", "before", "after", "before", "after", "before", "after");
    for (Party p : parties) {
      Balances b = before.get(p.name());
      Balances a = after.get(p.name());
      out.printf(
          fmt,
          p.name(),
          p.role(),
          Tusd.format(b.wallet()),
          Tusd.format(a.wallet()),
          Tusd.format(b.stake()),
          Tusd.format(a.stake()),
          Tusd.format(b.claimable()),
          Tusd.format(a.claimable()));
    }
    out.println(
        "(tUSD; stake = active stake in the StakeRegistry; claimable = owed by the JobMarket)");
    out.flush();
  }
}
