package io.tribunal.protocol.dispute;

import com.fasterxml.jackson.databind.JsonNode;
import io.tribunal.bindings.ContractArtifacts;
import io.tribunal.bindings.generated.DisputeGame;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.web3j.crypto.Hash;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.response.Transaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * The gas of every move of a game, read from the chain: each distinct transaction that emitted one
 * of the game's events (open included), named by its DisputeGame function (the calldata's selector
 * against the compiled ABI), attributed to the side that sent it, with its receipt's gasUsed.
 */
final class GameGas {
  private static Map<String, String> names;

  /** One transaction of the game. */
  record MoveGas(Side side, String move, long gas) {}

  private GameGas() {}

  static List<MoveGas> of(Web3j web3j, DisputeReport report) {
    Set<String> txs = new LinkedHashSet<>();
    report.events().forEach(e -> txs.add(e.txHash()));
    List<MoveGas> out = new ArrayList<>();
    for (String tx : txs) {
      try {
        Transaction t = web3j.ethGetTransactionByHash(tx).send().getTransaction().orElseThrow();
        TransactionReceipt r =
            web3j.ethGetTransactionReceipt(tx).send().getTransactionReceipt().orElseThrow();
        Side side =
            t.getFrom().equalsIgnoreCase(report.view().challenger())
                ? Side.CHALLENGER
                : t.getFrom().equalsIgnoreCase(report.view().solver()) ? Side.SOLVER : Side.NONE;
        String selector = t.getInput().substring(0, 10);
        out.add(
            new MoveGas(
                side,
                selectors().getOrDefault(selector, selector),
                r.getGasUsed().longValueExact()));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read transaction " + tx, e);
      }
    }
    return out;
  }

  static long max(List<MoveGas> moves, Side side) {
    return moves.stream().filter(m -> m.side() == side).mapToLong(MoveGas::gas).max().orElse(0);
  }

  static long total(List<MoveGas> moves, Side side) {
    return moves.stream().filter(m -> m.side() == side).mapToLong(MoveGas::gas).sum();
  }

  static long count(List<MoveGas> moves, Side side) {
    return moves.stream().filter(m -> m.side() == side).count();
  }

  /** The gas of the (last) move named {@code move}, or 0. */
  static long of(List<MoveGas> moves, String move) {
    return moves.stream()
        .filter(m -> m.move().equals(move))
        .mapToLong(MoveGas::gas)
        .reduce(0, (a, b) -> b);
  }

  /**
   * The job's {@code defenderGas} (what {@code registerGraphJob} sized the bond from: the honest
   * solver's worst-case defence).
   */
  static long defenderGas(DisputeGame game, DisputeReport report) throws Exception {
    return game.jobConfig(report.view().jobId().bytes()).send().defenderGas.longValueExact();
  }

  /** A per-move table (side, move, gas) and the per-side count, largest and total. */
  static String table(String title, List<MoveGas> moves) {
    StringBuilder b = new StringBuilder("GAS ").append(title).append('\n');
    for (MoveGas m : moves) {
      b.append(String.format("GAS   %-10s %-16s %,12d%n", m.side(), m.move(), m.gas()));
    }
    for (Side s : List.of(Side.SOLVER, Side.CHALLENGER)) {
      b.append(
          String.format(
              "GAS   %-10s %d moves, largest %,d, total %,d%n",
              s, count(moves, s), max(moves, s), total(moves, s)));
    }
    return b.toString();
  }

  private static synchronized Map<String, String> selectors() {
    if (names == null) {
      Map<String, String> m = new HashMap<>();
      for (JsonNode entry : ContractArtifacts.read("DisputeGame").path("abi")) {
        if ("function".equals(entry.path("type").asText())) {
          String sig = entry.path("name").asText() + types(entry.path("inputs"));
          m.put(Hash.sha3String(sig).substring(0, 10), entry.path("name").asText());
        }
      }
      names = Map.copyOf(m);
    }
    return names;
  }

  /** The canonical parameter list of an ABI entry: tuples written out as (t1,t2,...). */
  private static String types(JsonNode params) {
    List<String> out = new ArrayList<>();
    for (JsonNode p : params) {
      String type = p.path("type").asText();
      out.add(
          type.startsWith("tuple")
              ? types(p.path("components")) + type.substring("tuple".length())
              : type);
    }
    return "(" + String.join(",", out) + ")";
  }
}
