package io.tribunal.explorer.index;

import io.tribunal.bindings.generated.DisputeGame;
import io.tribunal.protocol.dispute.EventNames;
import io.tribunal.protocol.dispute.GameEvent;
import io.tribunal.protocol.dispute.TreeKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.web3j.protocol.core.methods.response.Log;

/**
 * The moves of one game, read event by event, with what the picture needs: how many trace leaves,
 * which interval of steps, how many tensors, which tensor shape, and the range each pick leaves.
 */
final class GameTrack {
  private final List<GameMove> moves = new ArrayList<>();
  private long leafCount;
  private long firstStep;
  private long intervalSize;
  private long tensorCount;
  private long rows;
  private long cols;
  private long row;

  List<GameMove> moves() {
    return moves;
  }

  void add(Log log, long time) {
    GameEvent e = EventNames.describe(log);
    moves.add(
        new GameMove(
            e.block(), time, e.txHash(), e.name(), e.side().name(), e.detail(), narrow(log)));
  }

  private Optional<Narrowing> narrow(Log log) {
    return switch (EventNames.of(log)) {
      case "TraceRevealed" -> {
        leafCount = DisputeGame.getTraceRevealedEventFromLog(log).leafCount.longValueExact();
        yield Optional.of(new Narrowing("trace", leafCount, 0, leafCount - 1, 0));
      }
      case "ChildPicked" -> picked(DisputeGame.getChildPickedEventFromLog(log));
      case "IntervalPosted" -> {
        var e = DisputeGame.getIntervalPostedEventFromLog(log);
        firstStep = e.firstStep.longValueExact();
        intervalSize = e.lastStep.longValueExact() - firstStep + 1;
        yield Optional.of(new Narrowing("interval", intervalSize, 0, intervalSize - 1, firstStep));
      }
      case "StateRevealed" -> {
        var e = DisputeGame.getStateRevealedEventFromLog(log);
        // the disputed tensor is a parameter at the initial state, an op output in a step
        tensorCount = e.init ? e.paramRoots.size() : e.opRoots.size();
        yield Optional.of(new Narrowing("tensor", tensorCount, 0, tensorCount - 1, 0));
      }
      case "TensorPicked" -> {
        var e = DisputeGame.getTensorPickedEventFromLog(log);
        rows = e.rows.longValueExact();
        cols = e.cols.longValueExact();
        long t = e.tensor.longValueExact();
        yield Optional.of(new Narrowing("tensor", Math.max(tensorCount, t + 1), t, t, 0));
      }
      case "RowOpened" -> {
        row = DisputeGame.getRowOpenedEventFromLog(log).row.longValueExact();
        yield Optional.of(
            new Narrowing("element", rows * cols, row * cols, row * cols + cols - 1, 0));
      }
      case "ColumnPicked" -> {
        long c = DisputeGame.getColumnPickedEventFromLog(log).col.longValueExact();
        yield Optional.of(new Narrowing("element", rows * cols, row * cols + c, row * cols + c, 0));
      }
      default -> Optional.empty();
    };
  }

  private Optional<Narrowing> picked(DisputeGame.ChildPickedEventResponse e) {
    TreeKind tree = TreeKind.values()[e.tree.intValueExact()];
    int height = e.height.intValueExact();
    long index = e.index.longValueExact();
    long lo = height >= 62 ? 0 : index << height;
    long hi = height >= 62 ? Long.MAX_VALUE : ((index + 1) << height) - 1;
    return switch (tree) {
      case TRACE ->
          Optional.of(new Narrowing("trace", leafCount, lo, Math.min(hi, leafCount - 1), 0));
      case INTERVAL ->
          Optional.of(
              new Narrowing(
                  "interval", intervalSize, lo, Math.min(hi, intervalSize - 1), firstStep));
      case TENSOR ->
          Optional.of(new Narrowing("tensor", tensorCount, lo, Math.min(hi, tensorCount - 1), 0));
      case NONE -> Optional.empty();
    };
  }
}
