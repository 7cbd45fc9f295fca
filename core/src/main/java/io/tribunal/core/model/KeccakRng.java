package io.tribunal.core.model;

import io.tribunal.core.commit.Hash32;
import io.tribunal.core.commit.Keccak;

/**
 * The protocol's only source of randomness: word = keccak256(abi.encode(uint256 seed, uint256 tag,
 * uint256 a, uint256 counter)), all four as 32-byte big-endian words. Solidity recomputes any word
 * with one keccak256 of 128 bytes.
 */
public final class KeccakRng {
  /** Tag of initial-weight words; a = parameter index in state order. */
  public static final long TAG_INIT = 1;

  /** Tag of batch-index words; a = step, counter = position in the batch. */
  public static final long TAG_BATCH = 2;

  private KeccakRng() {}

  public static Hash32 word(long seed, long tag, long a, long counter) {
    return Keccak.packer(128).u256(seed).u256(tag).u256(a).u256(counter).keccak();
  }
}
