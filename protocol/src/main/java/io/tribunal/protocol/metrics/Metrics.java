package io.tribunal.protocol.metrics;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.function.DoubleSupplier;

/**
 * A minimal Prometheus registry: counters and gauges with a fixed label set, rendered in the text
 * exposition format (version 0.0.4). Hand-rolled because the daemons need a dozen series and no
 * histograms; a full client library would add a dependency for nothing.
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

  /** The text exposition of every series, families sorted by name. */
  public String scrape() {
    StringBuilder sb = new StringBuilder();
    for (Family f : new TreeMap<>(families).values()) {
      sb.append("# HELP ").append(f.name).append(' ').append(f.help).append('\n');
      sb.append("# TYPE ").append(f.name).append(' ').append(f.type).append('\n');
      for (Map.Entry<String, Value> e : new TreeMap<>(f.series).entrySet()) {
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
