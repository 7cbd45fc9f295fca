/**
 * Checking a solver's published work against its on-chain commitment: fetching its manifest and
 * checkpoints over HTTP and replaying transitions with core. The verifier and the challenger both
 * use it, so neither role depends on the other.
 */
package io.tribunal.protocol.replay;
