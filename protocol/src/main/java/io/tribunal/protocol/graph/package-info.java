/**
 * The program as data: one training step as a committed graph of op descriptors (docs/op-graph.md).
 * A node is a parameter, a data input or an op; its index is the id of the tensor it produces.
 * {@link io.tribunal.protocol.graph.OpGraph} hashes the nodes into a positional tree whose root a
 * dispute can open one node at a time, {@link io.tribunal.protocol.graph.OpGraphValidator} says
 * whether a graph is well formed and settleable, and {@link io.tribunal.protocol.graph.MlpGraph}
 * writes the MLP presets in this form.
 */
package io.tribunal.protocol.graph;
