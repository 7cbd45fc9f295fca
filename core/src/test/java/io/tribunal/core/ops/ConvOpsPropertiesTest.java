package io.tribunal.core.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.tribunal.core.tensor.Parallel;
import io.tribunal.core.tensor.Shape;
import io.tribunal.core.tensor.Tensor;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * For every convolution and pooling op, on random geometries (padding, strides, overlapping and
 * partial windows) and values (extremes, small, arbitrary, large-but-int64, ties): the element
 * function, given only its declared rows (at most one per input), equals the whole-tensor kernel at
 * every output position, and the kernel gives the same tensor serially and on a 3-thread pool.
 */
class ConvOpsPropertiesTest {
  private static final Parallel POOL = Parallel.of(3);
  private static final int TRIES = 2_000;

  @AfterContainer
  static void closePool() {
    POOL.close();
  }

  @Property(tries = TRIES)
  void conv2d(@ForAll long seed, @ForAll @IntRange(min = 0, max = 4) int mode) {
    Random r = new Random(seed);
    ConvGeometry g = ConvTestInputs.conv(r);
    int batch = 1 + r.nextInt(3);
    int outChannels = 1 + r.nextInt(3);
    assertAgrees(
        new Conv2d(g),
        List.of(
            ConvTestInputs.tensor(r, batch, g.imageCols(), mode),
            ConvTestInputs.tensor(r, outChannels, g.kernelCols(), mode)));
  }

  @Property(tries = TRIES)
  void conv2dInputGrad(@ForAll long seed, @ForAll @IntRange(min = 0, max = 4) int mode) {
    Random r = new Random(seed);
    ConvGeometry g = ConvTestInputs.conv(r);
    int outChannels = 1 + r.nextInt(3);
    assertAgrees(
        new Conv2dInputGrad(g),
        List.of(
            ConvTestInputs.tensor(r, 1 + r.nextInt(3), outChannels * g.outPlane(), mode),
            ConvTestInputs.tensor(r, g.channels(), outChannels * g.taps(), mode)));
  }

  @Property(tries = TRIES)
  void channelsByRow(@ForAll long seed, @ForAll @IntRange(min = 0, max = 4) int mode) {
    Random r = new Random(seed);
    int channels = 1 + r.nextInt(4);
    int block = 1 + r.nextInt(6);
    assertAgrees(
        new ChannelsByRow(channels, block),
        List.of(ConvTestInputs.tensor(r, 1 + r.nextInt(4), channels * block, mode)));
  }

  @Property(tries = TRIES)
  void conv2dWeightGrad(@ForAll long seed, @ForAll @IntRange(min = 0, max = 4) int mode) {
    Random r = new Random(seed);
    ConvGeometry g = ConvTestInputs.conv(r);
    int batch = 1 + r.nextInt(3);
    assertAgrees(
        new Conv2dWeightGrad(g),
        List.of(
            ConvTestInputs.tensor(r, 1 + r.nextInt(3), batch * g.outPlane(), mode),
            ConvTestInputs.tensor(r, g.channels(), batch * g.plane(), mode)));
  }

  @Property(tries = TRIES)
  void addChannelBias(@ForAll long seed, @ForAll @IntRange(min = 0, max = 4) int mode) {
    Random r = new Random(seed);
    int channels = 1 + r.nextInt(4);
    int block = 1 + r.nextInt(6);
    assertAgrees(
        new AddChannelBias(channels, block),
        List.of(
            ConvTestInputs.tensor(r, 1 + r.nextInt(3), channels * block, mode),
            ConvTestInputs.tensor(r, channels, 1, mode)));
  }

  @Property(tries = TRIES)
  void maxPool2d(@ForAll long seed, @ForAll @IntRange(min = 0, max = 4) int mode) {
    Random r = new Random(seed);
    PoolGeometry g = ConvTestInputs.pool(r);
    assertAgrees(
        new MaxPool2d(g),
        List.of(ConvTestInputs.tensor(r, 1 + r.nextInt(3), g.conv().imageCols(), mode)));
  }

  @Property(tries = TRIES)
  void maxPool2dBackward(@ForAll long seed, @ForAll @IntRange(min = 0, max = 4) int mode) {
    Random r = new Random(seed);
    PoolGeometry g = ConvTestInputs.pool(r);
    int batch = 1 + r.nextInt(3);
    assertAgrees(
        new MaxPool2dBackward(g),
        List.of(
            ConvTestInputs.tensor(r, batch, g.channels() * g.conv().outPlane(), mode),
            ConvTestInputs.tensor(r, batch, g.conv().imageCols(), mode)));
  }

  @Property(tries = TRIES)
  void avgPool2d(@ForAll long seed, @ForAll @IntRange(min = 0, max = 4) int mode) {
    Random r = new Random(seed);
    PoolGeometry g = ConvTestInputs.pool(r);
    assertAgrees(
        new AvgPool2d(g),
        List.of(ConvTestInputs.tensor(r, 1 + r.nextInt(3), g.conv().imageCols(), mode)));
  }

  @Property(tries = TRIES)
  void avgPool2dBackward(@ForAll long seed, @ForAll @IntRange(min = 0, max = 4) int mode) {
    Random r = new Random(seed);
    PoolGeometry g = ConvTestInputs.pool(r);
    assertAgrees(
        new AvgPool2dBackward(g),
        List.of(
            ConvTestInputs.tensor(r, 1 + r.nextInt(3), g.channels() * g.conv().outPlane(), mode)));
  }

  static void assertAgrees(Op op, List<Tensor> inputs) {
    Tensor serial = op.compute(inputs, Parallel.serial());
    Tensor pooled = op.compute(inputs, POOL);
    assertThat(pooled).isEqualTo(serial);
    List<Shape> shapes = Op.shapes(inputs);
    assertThat(serial.shape()).isEqualTo(op.outputShape(shapes));
    for (int i = 0; i < serial.rows(); i++) {
      for (int j = 0; j < serial.cols(); j++) {
        List<RowRef> deps = op.dependencies(i, j, shapes);
        assertThat(deps).hasSizeLessThanOrEqualTo(op.arity());
        assertThat(deps.stream().map(RowRef::input).distinct().count()).isEqualTo(deps.size());
        int element = op.element(i, j, new DeclaredRows(inputs, deps));
        assertThat(element).as("%s at (%d, %d)", op.name(), i, j).isEqualTo(serial.get(i, j));
      }
    }
  }
}
