/**
 * The leaf of the dispute game: how op inputs are laid out as calldata for the on-chain leaf
 * evaluator ({@code contracts/src/dispute/lib/LeafEvaluator.sol}), and which on-chain op index each
 * core {@link io.tribunal.core.ops.Op} has.
 */
package io.tribunal.protocol.leaf;
