package io.tribunal.explorer.index;

/**
 * Where a dispute game stands after one move, for drawing: at {@code stage} (trace leaves, the
 * steps of one interval, the tensors of one step, the elements of one tensor) the disagreement is
 * within {@code [lo, hi]} of {@code size} items.
 *
 * @param stage "trace", "interval", "tensor" or "element"
 * @param origin what item 0 stands for (the interval's first step; 0 otherwise)
 */
public record Narrowing(String stage, long size, long lo, long hi, long origin) {}
