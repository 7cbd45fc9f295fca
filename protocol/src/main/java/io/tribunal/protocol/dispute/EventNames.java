package io.tribunal.protocol.dispute;

import io.tribunal.bindings.generated.DisputeGame;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.datatypes.Event;
import org.web3j.protocol.core.methods.response.Log;

/**
 * Names and one-line summaries of the DisputeGame's per-game events (also read by the explorer).
 */
public final class EventNames {
  private static final Map<String, String> BY_TOPIC =
      Stream.of(
              DisputeGame.GAMEOPENED_EVENT,
              DisputeGame.TRACEREVEALED_EVENT,
              DisputeGame.CHILDRENREVEALED_EVENT,
              DisputeGame.CHILDPICKED_EVENT,
              DisputeGame.INTERVALPOSTED_EVENT,
              DisputeGame.STATEREVEALED_EVENT,
              DisputeGame.TENSORPICKED_EVENT,
              DisputeGame.ROWOPENED_EVENT,
              DisputeGame.COLUMNPICKED_EVENT,
              DisputeGame.LEAFCHECKED_EVENT,
              DisputeGame.GAMERESOLVED_EVENT)
          .collect(Collectors.toMap(EventEncoder::encode, Event::getName));

  private EventNames() {}

  static String topic(String name) {
    return BY_TOPIC.entrySet().stream()
        .filter(e -> e.getValue().equals(name))
        .findFirst()
        .orElseThrow()
        .getKey();
  }

  public static String of(Log log) {
    return log.getTopics().isEmpty() ? "" : BY_TOPIC.getOrDefault(log.getTopics().get(0), "");
  }

  public static GameEvent describe(Log log) {
    String name = of(log);
    long block = log.getBlockNumber().longValueExact();
    String tx = log.getTransactionHash();
    return switch (name) {
      case "GameOpened" -> {
        var e = DisputeGame.getGameOpenedEventFromLog(log);
        String kind = ClaimKind.values()[e.kind.intValueExact()].name();
        yield new GameEvent(block, tx, name, Side.CHALLENGER, kind + ", bond " + e.bond);
      }
      case "TraceRevealed" -> {
        var e = DisputeGame.getTraceRevealedEventFromLog(log);
        yield new GameEvent(block, tx, name, Side.SOLVER, e.leafCount + " trace leaves");
      }
      case "ChildrenRevealed" -> {
        var e = DisputeGame.getChildrenRevealedEventFromLog(log);
        yield new GameEvent(
            block,
            tx,
            name,
            Side.SOLVER,
            tree(e.tree)
                + " node (h "
                + e.height
                + ", i "
                + e.index
                + "), "
                + e.children.size()
                + " descendants");
      }
      case "ChildPicked" -> {
        var e = DisputeGame.getChildPickedEventFromLog(log);
        yield new GameEvent(
            block,
            tx,
            name,
            Side.CHALLENGER,
            tree(e.tree) + " child " + e.child + " -> (h " + e.height + ", i " + e.index + ")");
      }
      case "IntervalPosted" -> {
        var e = DisputeGame.getIntervalPostedEventFromLog(log);
        yield new GameEvent(
            block, tx, name, Side.SOLVER, "steps " + e.firstStep + ".." + e.lastStep);
      }
      case "StateRevealed" -> {
        var e = DisputeGame.getStateRevealedEventFromLog(log);
        yield new GameEvent(
            block,
            tx,
            name,
            Side.SOLVER,
            (e.init ? "initial state" : "step " + e.step) + ", " + e.opRoots.size() + " op roots");
      }
      case "TensorPicked" -> {
        var e = DisputeGame.getTensorPickedEventFromLog(log);
        yield new GameEvent(
            block,
            tx,
            name,
            Side.CHALLENGER,
            "tensor " + e.tensor + " (" + e.rows + "x" + e.cols + ")");
      }
      case "RowOpened" -> {
        var e = DisputeGame.getRowOpenedEventFromLog(log);
        yield new GameEvent(
            block, tx, name, Side.SOLVER, "row " + e.row + " (" + e.data.length / 4 + " values)");
      }
      case "ColumnPicked" -> {
        var e = DisputeGame.getColumnPickedEventFromLog(log);
        yield new GameEvent(block, tx, name, Side.CHALLENGER, "col " + e.col);
      }
      case "LeafChecked" -> {
        var e = DisputeGame.getLeafCheckedEventFromLog(log);
        yield new GameEvent(
            block, tx, name, Side.SOLVER, "expected " + e.expected + ", claimed " + e.claimed);
      }
      case "GameResolved" -> {
        var e = DisputeGame.getGameResolvedEventFromLog(log);
        yield new GameEvent(
            block,
            tx,
            name,
            Side.NONE,
            "winner "
                + Side.values()[e.winner.intValueExact()]
                + ", "
                + Outcome.values()[e.outcome.intValueExact()]);
      }
      default -> new GameEvent(block, tx, name.isEmpty() ? "unknown" : name, Side.NONE, "");
    };
  }

  private static String tree(java.math.BigInteger t) {
    return TreeKind.values()[t.intValueExact()].name().toLowerCase(java.util.Locale.ROOT);
  }
}
