package io.tribunal.explorer.index;

import java.util.Optional;

/**
 * One event of a dispute game.
 *
 * @param side SOLVER, CHALLENGER or NONE (the resolution)
 * @param detail the event's arguments in a line (as {@code tribunal dispute show} prints them)
 * @param narrowing where the game stood after it, when the event narrowed anything
 */
public record GameMove(
    long block,
    long time,
    String tx,
    String name,
    String side,
    String detail,
    Optional<Narrowing> narrowing) {}
