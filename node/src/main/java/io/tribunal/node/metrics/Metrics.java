package io.tribunal.node.metrics;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.function.DoubleSupplier;

/**
 * A minimal Prometheus registry: counters, gauges and histograms with a fixed label set, rendered
 * in the text exposition format (version 0.0.4). Hand-rolled because the daemons need a few dozen
 * series; a full client library would add a dependency for nothing. Daemons declare every series
 * they document at start-up, so each exists (at 0) before its first event, and keep label values to
 * bounded sets.
 *
 * <p>Invariant: a series name + labels maps to exactly one value; names are prefixed {@code
 * tribunal_}.
 */
public final class Metrics {
  private final String role;
  private final Map<String, Family> families = new ConcurrentHashMap<>();

  public Metrics(String role) {
    this.role = role;
  }

  public String role() {
    return role;
  }

  /** A counter (monotonic). {@code labels} are name/value pairs. */
  public Counter counter(String name, String help, String... labels) {
    Family f = families.computeIfAbsent(name, n -> new Family(n, help, "counter"));
    return (Counter) f.series.computeIfAbsent(labelText(labels), k -> new Counter());
  }

  /** A gauge read at scrape time. */
  public void gauge(String name, String help, DoubleSupplier value, String... labels) {
    Family f = families.computeIfAbsent(name, n -> new Family(n, help, "gauge"));
    f.series.put(labelText(labels), new Gauge(value));
  }

  /** A gauge the daemon sets. */
  public Settable settable(String name, String help, String... labels) {
    Family f = families.computeIfAbsent(name, n -> new Family(n, help, "gauge"));
    return (Settable) f.series.computeIfAbsent(labelText(labels), k -> new Settable());
  }

  /**
   * A histogram of observations (seconds, bytes…) with cumulative buckets at {@code bounds}
   * (ascending; {@code +Inf} is added).
   */
  public Histogram histogram(String name, String help, double[] bounds, String... labels) {
    Family f = families.computeIfAbsent(name, n -> new Family(n, help, "histogram"));
    return (Histogram) f.series.computeIfAbsent(labelText(labels), k -> new Histogram(bounds));
  }

  /**
   * The series every daemon exports: {@code tribunal_build_info{version}} (1), {@code
   * tribunal_process_uptime_seconds}, {@code tribunal_jvm_heap_used_bytes}, {@code
   * tribunal_jvm_heap_max_bytes} and {@code tribunal_jvm_threads}.
   */
  public void standard(String version) {
    gauge("tribunal_build_info", "Build of this daemon (value 1)", () -> 1, "version", version);
    long started = System.nanoTime();
    gauge(
        "tribunal_process_uptime_seconds",
        "Seconds since the daemon started",
        () -> (System.nanoTime() - started) / 1e9);
    var memory = java.lang.management.ManagementFactory.getMemoryMXBean();
    gauge(
        "tribunal_jvm_heap_used_bytes",
        "JVM heap in use",
        () -> memory.getHeapMemoryUsage().getUsed());
    gauge(
        "tribunal_jvm_heap_max_bytes",
        "JVM heap limit",
        () -> memory.getHeapMemoryUsage().getMax());
    var threads = java.lang.management.ManagementFactory.getThreadMXBean();
    gauge("tribunal_jvm_threads", "Live JVM threads", threads::getThreadCount);
  }

  /** The text exposition of every series, families sorted by name. */
  public String scrape() {
    StringBuilder sb = new StringBuilder();
    for (Family f : new TreeMap<>(families).values()) {
      sb.append("# HELP ").append(f.name).append(' ').append(f.help).append('\n');
      sb.append("# TYPE ").append(f.name).append(' ').append(f.type).append('\n');
      for (Map.Entry<String, Value> e : new TreeMap<>(f.series).entrySet()) {
        if (e.getValue() instanceof Histogram h) {
          h.render(sb, f.name, e.getKey());
          continue;
        }
        sb.append(f.name).append(e.getKey()).append(' ');
        sb.append(format(e.getValue().get())).append('\n');
      }
    }
    return sb.toString();
  }

  private String labelText(String... labels) {
    if (labels.length % 2 != 0) {
      throw new IllegalArgumentException("labels come in name/value pairs");
    }
    StringBuilder sb = new StringBuilder("{role=\"").append(escape(role)).append('"');
    for (int i = 0; i < labels.length; i += 2) {
      sb.append(',').append(labels[i]).append("=\"").append(escape(labels[i + 1])).append('"');
    }
    return sb.append('}').toString();
  }

  private static String escape(String v) {
    return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }

  private static String format(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return Double.toString(v);
  }

  private interface Value {
    double get();
  }

  /** A monotonically increasing count. */
  public static final class Counter implements Value {
    private final DoubleAdder value = new DoubleAdder();

    public void inc() {
      value.add(1);
    }

    public void add(double v) {
      if (v < 0) {
        throw new IllegalArgumentException("counters only go up");
      }
      value.add(v);
    }

    @Override
    public double get() {
      return value.sum();
    }
  }

  /** A value set by the daemon. */
  public static final class Settable implements Value {
    private volatile double value;

    public void set(double v) {
      value = v;
    }

    @Override
    public double get() {
      return value;
    }
  }

  /** Cumulative buckets, a sum and a count. */
  public static final class Histogram implements Value {
    private final double[] bounds;
    private final long[] counts;
    private double sum;
    private long count;

    Histogram(double[] bounds) {
      for (int i = 1; i < bounds.length; i++) {
        if (!(bounds[i] > bounds[i - 1])) {
          throw new IllegalArgumentException("histogram bounds must ascend");
        }
      }
      this.bounds = bounds.clone();
      this.counts = new long[bounds.length];
    }

    public synchronized void observe(double v) {
      for (int i = 0; i < bounds.length; i++) {
        if (v <= bounds[i]) {
          counts[i]++;
        }
      }
      sum += v;
      count++;
    }

    @Override
    public synchronized double get() {
      return count;
    }

    synchronized void render(StringBuilder sb, String name, String labels) {
      String open = labels.substring(0, labels.length() - 1) + ",le=\"";
      for (int i = 0; i < bounds.length; i++) {
        sb.append(name).append("_bucket").append(open).append(format(bounds[i])).append("\"} ");
        sb.append(counts[i]).append('\n');
      }
      sb.append(name).append("_bucket").append(open).append("+Inf\"} ").append(count).append('\n');
      sb.append(name).append("_sum").append(labels).append(' ').append(format(sum)).append('\n');
      sb.append(name).append("_count").append(labels).append(' ').append(count).append('\n');
    }
  }

  private record Gauge(DoubleSupplier supplier) implements Value {
    @Override
    public double get() {
      return supplier.getAsDouble();
    }
  }

  private static final class Family {
    final String name;
    final String help;
    final String type;
    final Map<String, Value> series = new ConcurrentHashMap<>();

    Family(String name, String help, String type) {
      this.name = name;
      this.help = help;
      this.type = type;
    }
  }
}
