package io.tribunal.explorer.index;

import java.math.BigInteger;

/**
 * A payment channel from a payer (an inference client) to a payee (a server).
 *
 * @param status OPEN, CLOSING or CLOSED
 * @param claimed what the payee has claimed so far with the payer's vouchers
 * @param expiry chain time after which the payer may take the rest back (the end of the challenge
 *     period while CLOSING)
 */
public record ChannelEntry(
    String id,
    String payer,
    String payee,
    BigInteger deposit,
    BigInteger claimed,
    long expiry,
    String status,
    long openedBlock) {}
