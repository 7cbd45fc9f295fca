package io.tribunal.explorer.index;

import java.math.BigInteger;

/**
 * A model a solver's server sells inference on, from its public {@code GET /v1/models}.
 *
 * @param price per request, token base units
 */
public record Offer(
    String modelHash,
    String spec,
    BigInteger price,
    long ops,
    String payee,
    String solver,
    String server) {}
