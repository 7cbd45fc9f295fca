package io.tribunal.explorer.index;

/**
 * One step of a job's timeline, from one chain event.
 *
 * @param name what happened (submitted, claimed, committed, randomness, attested, disputed,
 *     undisputed, finalized, refunded, slashed)
 * @param time the block's timestamp (chain time, seconds)
 * @param detail a short summary of the event's arguments
 */
public record Milestone(String name, long block, long time, String tx, String detail) {}
