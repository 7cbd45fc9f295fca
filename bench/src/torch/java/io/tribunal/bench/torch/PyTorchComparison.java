package io.tribunal.bench.torch;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import io.tribunal.bench.Comparison;
import io.tribunal.core.data.Dataset;
import io.tribunal.core.data.DatasetLoader;
import io.tribunal.core.data.DatasetSplit;
import io.tribunal.core.model.BatchSampler;
import io.tribunal.core.model.TrainingConfig;
import io.tribunal.core.tensor.Parallel;
import io.tribunal.core.tensor.Tensor;
import io.tribunal.protocol.graph.AdamW;
import io.tribunal.protocol.graph.GraphNode;
import io.tribunal.protocol.graph.GraphStep;
import io.tribunal.protocol.graph.ModelPresets;
import io.tribunal.protocol.graph.OpGraph;
import io.tribunal.protocol.graph.TransformerModel;
import io.tribunal.protocol.layout.NpmLocator;
import io.tribunal.protocol.leaf.LeafOp;
import java.io.PrintWriter;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code tribunal bench --vs pytorch}: trains one op-graph model in the fixed-point engine ({@link
 * GraphStep}) and in libtorch (through DJL, float32 on the CPU) from the same initial weights
 * ({@link GraphStep#initialParameters}) over the same batches ({@link BatchSampler#indices}), at
 * each requested thread count, and reports steps/s of both, their ratio and both losses.
 *
 * <p>The libtorch natives come from the {@code pytorch-native-cpu} jar on the classpath; DJL is put
 * in offline mode so it never tries to download anything.
 */
public final class PyTorchComparison implements Comparison {
  /** The libtorch release the benchmark profile puts on the classpath. */
  static final String LIBTORCH = "2.7.1";

  @Override
  public int run(Request r, PrintWriter out) throws Exception {
    offline();
    Engine engine;
    try {
      engine = Engine.getEngine("PyTorch");
    } catch (RuntimeException | UnsatisfiedLinkError e) {
      out.println("PyTorch could not be loaded: " + e);
      for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
        out.println("  caused by: " + c);
      }
      return 1;
    }
    boolean gpt = r.model().startsWith("gpt:");
    Dataset train;
    OpGraph graph;
    Supplier<TorchNet> nets;
    String optimizer;
    if (gpt) {
      DatasetSplit text =
          DatasetLoader.load(
              "moby-dick:" + gptContext(r.model()), r.datasetCache(), NpmLocator.packages());
      train = text.train();
      TransformerModel model = ModelPresets.gpt(r.model(), train.classes());
      AdamW adam = new AdamW(TrainingConfig.eta(r.learningRate(), 1), 10, 58982, 65470, 168, 655);
      graph = model.graph(r.batch(), adam, train.size());
      nets = () -> new GptNet(model, adam, r.batch());
      optimizer =
          "AdamW lr "
              + r.learningRate()
              + " warm-up 10, beta1 58982/2^16, beta2 65470/2^16, eps 168/2^24, decay 655/2^16";
    } else {
      train = DatasetLoader.load("mnist", r.datasetCache(), NpmLocator.packages()).train();
      boolean lenet = r.model().equals(ModelPresets.LENET5);
      var model = lenet ? ModelPresets.lenet5() : ModelPresets.mlp(r.model());
      graph = model.graph(r.batch(), TrainingConfig.eta(r.learningRate(), r.batch()), train.size());
      float lr = Float.parseFloat(r.learningRate());
      nets = () -> new LayerNet(lenet, lr);
      optimizer =
          "SGD lr " + r.learningRate() + " (mean loss; eta = lr/B in the fixed-point graph)";
    }
    GraphStep runner = new GraphStep(graph);
    GraphNode xent =
        graph.nodes().stream()
            .filter(n -> n.kind() == LeafOp.SOFTMAX_XENT_GRAD.index())
            .findFirst()
            .orElseThrow();
    List<Tensor> data = List.of(train.features(), train.labelTensor());
    List<Tensor> init = runner.initialParameters(r.seed());
    int n = train.size();
    int[] evalRows = new int[Math.min(r.evalRows(), n)];
    for (int i = 0; i < evalRows.length; i++) {
      evalRows[i] = i;
    }
    out.printf(
        "pytorch comparison: %s on %s (N=%d), batch %d, %s, seed %d; %d warm-up + %d timed steps"
            + " (in %d alternating rounds) per engine and thread count; libtorch %s (cpu) via DJL"
            + " %s%n",
        r.model(),
        train.id(),
        n,
        r.batch(),
        optimizer,
        r.seed(),
        r.warmup(),
        r.steps(),
        r.rounds(),
        engine.getVersion(),
        Engine.getDjlVersion());
    out.flush();
    try (NDManager root = NDManager.newBaseManager(engine.defaultDevice(), engine.getEngineName());
        TorchData torchData = TorchData.of(root, train, gpt)) {
      for (int threads : r.threads()) {
        JniUtils.setNumThreads(threads);
        try (Parallel parallel = Parallel.of(threads);
            NDManager m = root.newSubManager();
            TorchNet net = nets.get()) {
          net.initialise(m, net.weightsOf(init));
          List<Tensor> state = init;
          int[] first = BatchSampler.indices(r.seed(), 0, r.batch(), n);
          double tribunalStart = ownLoss(runner, xent, state, data, 0, first, parallel);
          double torchStart = torchLoss(net, net.params, torchData, first);
          long step = 0;
          for (; step < r.warmup(); step++) {
            state = runner.step(state, data, step, indices(r, step, n), parallel);
            torchStep(engine, net, torchData, step, indices(r, step, n));
          }
          long timedFrom = step;
          long tribunalNanos = 0;
          long torchNanos = 0;
          long tribunalAt = timedFrom;
          long torchAt = timedFrom;
          for (int round = 0; round < r.rounds(); round++) {
            long until = timedFrom + (long) r.steps() * (round + 1) / r.rounds();
            long t0 = System.nanoTime();
            for (; tribunalAt < until; tribunalAt++) {
              state = runner.step(state, data, tribunalAt, indices(r, tribunalAt, n), parallel);
            }
            long t1 = System.nanoTime();
            for (; torchAt < until; torchAt++) {
              torchStep(engine, net, torchData, torchAt, indices(r, torchAt, n));
            }
            long t2 = System.nanoTime();
            tribunalNanos += t1 - t0;
            torchNanos += t2 - t1;
          }
          long next = timedFrom + r.steps();
          int[] nextBatch = indices(r, next, n);
          double tribunalLoss = ownLoss(runner, xent, state, data, next, nextBatch, parallel);
          double torchLoss = torchLoss(net, net.params, torchData, nextBatch);
          double tribunalEval;
          try (NDManager w = m.newSubManager()) {
            tribunalEval = torchLoss(net, net.shaped(w, net.weightsOf(state)), torchData, evalRows);
          }
          double torchEval = torchLoss(net, net.params, torchData, evalRows);
          double tribunalRate = r.steps() / (tribunalNanos / 1e9);
          double torchRate = r.steps() / (torchNanos / 1e9);
          out.printf(
              "threads %d: tribunal %.2f steps/s | pytorch %.2f steps/s | ratio tribunal/pytorch"
                  + " %.3f (%s %.1fx faster)%n",
              threads,
              tribunalRate,
              torchRate,
              tribunalRate / torchRate,
              torchRate >= tribunalRate ? "pytorch" : "tribunal",
              Math.max(torchRate, tribunalRate) / Math.min(torchRate, tribunalRate));
          out.printf(
              "  loss at step 0 (batch of step 0, each engine's own arithmetic): tribunal %.4f |"
                  + " pytorch %.4f%n",
              tribunalStart, torchStart);
          out.printf(
              "  loss after %d steps (batch of step %d, each engine's own arithmetic): tribunal"
                  + " %.4f | pytorch %.4f%n",
              next, next, tribunalLoss, torchLoss);
          out.printf(
              "  loss after %d steps on the first %d training rows (float32 forward of each"
                  + " engine's weights): tribunal %.4f | pytorch %.4f%n",
              next, evalRows.length, tribunalEval, torchEval);
          out.flush();
        }
      }
    }
    out.println("rerun: " + r.rerun());
    return 0;
  }

  /** T of gpt:layers-width-heads-T. */
  private static int gptContext(String spec) {
    String[] parts = spec.split("-");
    return Integer.parseInt(parts[parts.length - 1]);
  }

  /** Tells DJL to use the bundled CPU natives and never reach the network. */
  static void offline() {
    setIfAbsent("ai.djl.offline", "true");
    setIfAbsent("PYTORCH_VERSION", LIBTORCH);
    setIfAbsent("PYTORCH_FLAVOR", "cpu");
    setIfAbsent("ai.djl.pytorch.num_interop_threads", "1");
    setIfAbsent("ai.djl.pytorch.num_threads", "1");
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null && System.getenv(key) == null) {
      System.setProperty(key, value);
    }
  }

  private static int[] indices(Request r, long step, int n) {
    return BatchSampler.indices(r.seed(), step, r.batch(), n);
  }

  /** One training step in libtorch: gather, forward, backward, optimizer, zero the gradients. */
  private static void torchStep(Engine engine, TorchNet net, TorchData d, long step, int[] idx) {
    try (NDScope scope = new NDScope()) {
      NDArray[] batch = d.batch(idx);
      try (GradientCollector gc = engine.newGradientCollector()) {
        gc.backward(net.trainingLoss(net.params, batch[0], batch[1]));
      }
      JniUtils.setGradMode(false);
      net.update(step);
      net.zeroGradients();
    }
  }

  /** Mean cross-entropy of rows {@code idx} under {@code weights}, without gradients. */
  private static double torchLoss(TorchNet net, List<NDArray> weights, TorchData d, int[] idx) {
    JniUtils.setGradMode(false);
    try (NDScope scope = new NDScope()) {
      NDArray[] batch = d.batch(idx);
      return net.loss(weights, batch[0], batch[1]).getFloat();
    }
  }

  /**
   * Mean cross-entropy of the fixed-point engine's own logits for the batch {@code idx} (the logits
   * the step's softmax_xent_grad node reads), evaluated in double.
   */
  private static double ownLoss(
      GraphStep runner,
      GraphNode xent,
      List<Tensor> state,
      List<Tensor> data,
      long step,
      int[] idx,
      Parallel parallel) {
    List<Tensor> all = runner.run(state, data, step, idx, parallel);
    Tensor logits = all.get(xent.in0());
    Tensor targets = all.get(xent.in1());
    double sum = 0;
    for (int i = 0; i < logits.rows(); i++) {
      int[] z = logits.row(i);
      double max = Double.NEGATIVE_INFINITY;
      for (int v : z) {
        max = Math.max(max, v / 65536.0);
      }
      double s = 0;
      for (int v : z) {
        s += Math.exp(v / 65536.0 - max);
      }
      sum += max + Math.log(s) - z[targets.get(i, 0)] / 65536.0;
    }
    return sum / logits.rows();
  }

  /** The training rows and labels as libtorch arrays, gathered per batch. */
  record TorchData(NDArray rows, NDArray labels) implements AutoCloseable {
    static TorchData of(NDManager m, Dataset train, boolean tokens) {
      Tensor f = train.features();
      long[] labels = new long[train.size()];
      for (int i = 0; i < labels.length; i++) {
        labels[i] = train.label(i);
      }
      NDArray rows;
      if (tokens) {
        long[] ids = new long[f.rows() * f.cols()];
        int k = 0;
        for (int i = 0; i < f.rows(); i++) {
          for (int v : f.row(i)) {
            ids[k++] = v;
          }
        }
        rows = m.create(ids, new Shape(f.rows(), f.cols()));
      } else {
        rows = TorchNet.floats(m, f, f.rows(), f.cols());
      }
      return new TorchData(rows, m.create(labels, new Shape(labels.length)));
    }

    NDArray[] batch(int[] idx) {
      long[] l = new long[idx.length];
      for (int i = 0; i < idx.length; i++) {
        l[i] = idx[i];
      }
      NDArray index = rows.getManager().create(l, new Shape(l.length));
      return new NDArray[] {rows.get(index), labels.get(index)};
    }

    @Override
    public void close() {
      rows.close();
      labels.close();
    }
  }
}
