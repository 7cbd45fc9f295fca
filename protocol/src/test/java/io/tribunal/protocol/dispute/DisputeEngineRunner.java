package io.tribunal.protocol.dispute;

import io.tribunal.devnet.kit.AnvilRpc;
import io.tribunal.devnet.testing.Devnet;

/**
 * Drives one game with both engine players until it resolves. When neither can move (a side is
 * stuck or was told to go silent), anvil's clock is moved past the deadline so the waiting side's
 * engine claims the timeout itself.
 */
final class DisputeEngineRunner {
  private DisputeEngineRunner() {}

  static DisputeView playOut(
      Devnet devnet,
      DisputeChain chain,
      long id,
      SolverDefender solver,
      ChallengerPlayer challenger,
      int solverMoves,
      int challengerMoves) {
    int s = 0;
    int c = 0;
    for (int round = 0; round < 200; round++) {
      DisputeView v = chain.view(id);
      if (v.resolved()) {
        return v;
      }
      boolean moved = false;
      if (v.turn() == Side.SOLVER && s < solverMoves && solver.act(id).isPresent()) {
        s++;
        moved = true;
      } else if (v.turn() == Side.CHALLENGER
          && c < challengerMoves
          && challenger.act(id).isPresent()) {
        c++;
        moved = true;
      }
      if (!moved) {
        long wait = v.deadline() - chain.now() + 1;
        AnvilRpc.advanceTime(devnet.chain(), Math.max(1, wait));
        boolean timedOut =
            (v.turn() == Side.SOLVER ? challenger.act(id) : solver.act(id)).isPresent();
        if (!timedOut) {
          throw new AssertionError("nobody could end game " + id + " in " + v.phase());
        }
      }
    }
    throw new AssertionError("game " + id + " did not resolve");
  }
}
