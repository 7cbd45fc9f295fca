package io.tribunal.protocol.chain;

/** The bits of a block header the daemons use: number, hash and timestamp (chain time). */
public record BlockInfo(long number, String hash, long timestamp) {}
