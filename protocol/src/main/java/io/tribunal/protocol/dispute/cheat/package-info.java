/**
 * TEST-PURPOSE cheating solvers: each {@link io.tribunal.protocol.dispute.cheat.Cheat} alters one
 * thing of an otherwise honest run, and {@link io.tribunal.protocol.dispute.cheat.CheatingTrainer}
 * produces the trace such a solver commits, so scenario tests (and a daemon's {@code cheat:} test
 * setting) can check that the dispute game slashes it. Never used on the honest path.
 */
package io.tribunal.protocol.dispute.cheat;
