package io.tribunal.protocol.dispute;

/**
 * One event of a game, as {@code tribunal dispute show} lists the moves so far.
 *
 * @param side who caused it ({@link Side#NONE} for resolutions)
 * @param detail a short human-readable summary of its arguments
 */
public record GameEvent(long block, String txHash, String name, Side side, String detail) {}
