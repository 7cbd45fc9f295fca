/**
 * The Java dispute engine shared by the solver's defender and the challenger bot: it reads a game
 * ({@link io.tribunal.protocol.dispute.DisputeView}), computes the next move from a local {@link
 * io.tribunal.protocol.dispute.TraceSource} (checkpoints + recomputation inside an interval),
 * builds proofs and packed leaf inputs, and submits moves through the generated wrappers while
 * watching both chess clocks. See docs/dispute-game.md, "Java engine".
 */
package io.tribunal.protocol.dispute;
