package io.tribunal.protocol.leaf;

import io.tribunal.core.fixed.Fixed;
import io.tribunal.core.ops.AddChannelBias;
import io.tribunal.core.ops.AvgPool2d;
import io.tribunal.core.ops.AvgPool2dBackward;
import io.tribunal.core.ops.ChannelsByRow;
import io.tribunal.core.ops.Conv2d;
import io.tribunal.core.ops.Conv2dInputGrad;
import io.tribunal.core.ops.Conv2dWeightGrad;
import io.tribunal.core.ops.ConvGeometry;
import io.tribunal.core.ops.MaxPool2d;
import io.tribunal.core.ops.MaxPool2dBackward;
import io.tribunal.core.ops.Op;
import io.tribunal.core.ops.PoolGeometry;
import io.tribunal.core.tensor.Shape;
import io.tribunal.core.tensor.Tensor;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Deterministic random convolution and pooling ops and well-formed inputs for the differential
 * test: geometries with padding, strides, partial and overlapping windows, now and then the LeNet-5
 * layers on 28x28 inputs; about 30% of the values are extremes (int32 MIN/MAX, 0, +-1, +-1.0), and
 * some batches use only -1, 0, 1 (ties for max pooling).
 */
final class ConvRandomInputs {
  private static final int[] EXTREMES = {
    Integer.MIN_VALUE,
    Integer.MAX_VALUE,
    Integer.MIN_VALUE + 1,
    Integer.MAX_VALUE - 1,
    0,
    1,
    -1,
    Fixed.ONE,
    -Fixed.ONE,
    Fixed.ONE / 2
  };

  private final SplittableRandom r;
  private boolean ties;
  private int outChannels;

  ConvRandomInputs(long seed) {
    this.r = new SplittableRandom(seed);
  }

  /** An op of the given kind with random attributes; batch 0 takes a LeNet-5 layer. */
  Op op(LeafOp kind, int batch) {
    ties = batch % 4 == 3;
    outChannels = batch == 0 ? 16 : 1 + r.nextInt(3);
    ConvGeometry c = batch == 0 ? lenetConv() : conv();
    PoolGeometry p = batch == 0 ? new PoolGeometry(6, 28, 28, 2, 2) : pool();
    int channels = batch == 0 ? 6 : 1 + r.nextInt(6);
    int block = batch == 0 ? 784 : 1 + r.nextInt(40);
    return switch (kind) {
      case CONV2D -> new Conv2d(c);
      case CONV2D_INPUT_GRAD -> new Conv2dInputGrad(c);
      case CHANNELS_BY_ROW -> new ChannelsByRow(channels, block);
      case CONV2D_WEIGHT_GRAD -> new Conv2dWeightGrad(c);
      case ADD_CHANNEL_BIAS -> new AddChannelBias(channels, block);
      case MAX_POOL2D -> new MaxPool2d(p);
      case MAX_POOL2D_BACKWARD -> new MaxPool2dBackward(p);
      case AVG_POOL2D -> new AvgPool2d(p);
      case AVG_POOL2D_BACKWARD -> new AvgPool2dBackward(p);
      default -> throw new IllegalArgumentException("not a convolution op: " + kind);
    };
  }

  private ConvGeometry lenetConv() {
    return r.nextBoolean()
        ? new ConvGeometry(1, 28, 28, 5, 5, 1, 2)
        : new ConvGeometry(6, 14, 14, 5, 5, 1, 0);
  }

  private ConvGeometry conv() {
    int padding = r.nextInt(3);
    int h = 1 + r.nextInt(10);
    int w = 1 + r.nextInt(10);
    int kh = 1 + r.nextInt(Math.min(5, h + 2 * padding));
    int kw = 1 + r.nextInt(Math.min(5, w + 2 * padding));
    return new ConvGeometry(1 + r.nextInt(3), h, w, kh, kw, 1 + r.nextInt(3), padding);
  }

  private PoolGeometry pool() {
    int h = 1 + r.nextInt(10);
    int w = 1 + r.nextInt(10);
    int size = 1 + r.nextInt(Math.min(4, Math.min(h, w)));
    return new PoolGeometry(1 + r.nextInt(4), h, w, size, 1 + r.nextInt(3));
  }

  /** Well-formed inputs for the op: 1 to 3 batch rows, the batch's output channel count. */
  List<Tensor> inputs(Op op) {
    int b = 1 + r.nextInt(3);
    int oc = outChannels;
    return switch (op) {
      case Conv2d x -> {
        ConvGeometry g = x.geometry();
        yield List.of(tensor(b, g.imageCols()), tensor(oc, g.kernelCols()));
      }
      case Conv2dInputGrad x -> {
        ConvGeometry g = x.geometry();
        yield List.of(tensor(b, oc * g.outPlane()), tensor(g.channels(), oc * g.taps()));
      }
      case ChannelsByRow x -> List.of(tensor(b, x.channels() * x.block()));
      case Conv2dWeightGrad x -> {
        ConvGeometry g = x.geometry();
        yield List.of(tensor(oc, b * g.outPlane()), tensor(g.channels(), b * g.plane()));
      }
      case AddChannelBias x ->
          List.of(tensor(b, x.channels() * x.block()), tensor(x.channels(), 1));
      case MaxPool2d x -> List.of(tensor(b, x.geometry().conv().imageCols()));
      case MaxPool2dBackward x -> {
        ConvGeometry g = x.geometry().conv();
        yield List.of(tensor(b, g.channels() * g.outPlane()), tensor(b, g.imageCols()));
      }
      case AvgPool2d x -> List.of(tensor(b, x.geometry().conv().imageCols()));
      case AvgPool2dBackward x -> {
        ConvGeometry g = x.geometry().conv();
        yield List.of(tensor(b, g.channels() * g.outPlane()));
      }
      default -> throw new IllegalArgumentException("not a convolution op: " + op.name());
    };
  }

  /** A random output element of op on inputs, with its declared rows packed and core's value. */
  ElementCase element(Op op, List<Tensor> inputs) {
    Shape out = op.outputShape(Op.shapes(inputs));
    int row = r.nextInt(out.rows());
    int pick = r.nextInt(10);
    int col = pick == 0 ? 0 : pick == 1 ? out.cols() - 1 : r.nextInt(out.cols());
    return ElementCase.at(op, inputs, row, col);
  }

  private Tensor tensor(int rows, int cols) {
    int[][] t = new int[rows][cols];
    for (int[] row : t) {
      for (int j = 0; j < cols; j++) {
        row[j] = ties ? (r.nextInt(3) - 1) * Fixed.ONE : value();
      }
    }
    return Tensor.wrap(cols, t);
  }

  private int value() {
    int pick = r.nextInt(10);
    if (pick < 3) {
      return EXTREMES[r.nextInt(EXTREMES.length)];
    }
    return pick < 7 ? r.nextInt(-(1 << 20), 1 << 20) : r.nextInt();
  }
}
