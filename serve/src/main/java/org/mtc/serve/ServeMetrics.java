package org.mtc.serve;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;

/**
 * The server's counters in Prometheus' text exposition format (version 0.0.4), written by hand:
 * requests and errors per endpoint and status, a request latency histogram per endpoint, a
 * histogram of the model's batch sizes, sentences answered, the queue depth and the process'
 * resident memory (now and peak, from {@code /proc/self/status}). Thread-safe; counters only grow.
 */
public final class ServeMetrics {
  private static final double[] LATENCY_BUCKETS = {
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10
  };
  private static final double[] BATCH_BUCKETS = {1, 2, 4, 8, 16, 32, 64, 128};

  private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
  private final Map<String, Histogram> latency = new ConcurrentHashMap<>();
  private final Histogram batchSizes = new Histogram(BATCH_BUCKETS);
  private final LongAdder sentences = new LongAdder();
  private final IntSupplier queueDepth;

  /**
   * @param queueDepth the sentences waiting for the model now
   */
  public ServeMetrics(IntSupplier queueDepth) {
    this.queueDepth = queueDepth;
  }

  /** One answered request: its endpoint, HTTP status and time from arrival to answer. */
  public void request(String endpoint, int status, double seconds) {
    requests.computeIfAbsent(endpoint + "\u0000" + status, k -> new LongAdder()).increment();
    if (status >= 400) {
      errors.computeIfAbsent(endpoint + "\u0000" + status, k -> new LongAdder()).increment();
    }
    latency.computeIfAbsent(endpoint, k -> new Histogram(LATENCY_BUCKETS)).observe(seconds);
  }

  /** One model call of {@code size} sentences. */
  public void batch(int size) {
    batchSizes.observe(size);
    sentences.add(size);
  }

  /** The text a Prometheus server scrapes. */
  public String render() {
    StringBuilder b = new StringBuilder();
    b.append("# HELP mtc_serve_requests_total Requests answered, by endpoint and HTTP status.\n")
        .append("# TYPE mtc_serve_requests_total counter\n");
    counters(b, "mtc_serve_requests_total", requests);
    b.append("# HELP mtc_serve_errors_total Requests answered with a 4xx or 5xx status.\n")
        .append("# TYPE mtc_serve_errors_total counter\n");
    counters(b, "mtc_serve_errors_total", errors);
    b.append("# HELP mtc_serve_request_seconds Time from a request's arrival to its answer.\n")
        .append("# TYPE mtc_serve_request_seconds histogram\n");
    new TreeMap<>(latency)
        .forEach(
            (endpoint, h) ->
                h.render(b, "mtc_serve_request_seconds", "endpoint=\"" + endpoint + "\","));
    b.append("# HELP mtc_serve_batch_size Sentences per model call (dynamic batching).\n")
        .append("# TYPE mtc_serve_batch_size histogram\n");
    batchSizes.render(b, "mtc_serve_batch_size", "");
    b.append("# HELP mtc_serve_sentences_total Sentences run through the model.\n")
        .append("# TYPE mtc_serve_sentences_total counter\n")
        .append("mtc_serve_sentences_total ")
        .append(sentences.sum())
        .append('\n');
    b.append("# HELP mtc_serve_queue_depth Sentences waiting for the model.\n")
        .append("# TYPE mtc_serve_queue_depth gauge\n")
        .append("mtc_serve_queue_depth ")
        .append(queueDepth.getAsInt())
        .append('\n');
    b.append("# HELP process_resident_memory_bytes Resident memory of the server process.\n")
        .append("# TYPE process_resident_memory_bytes gauge\n")
        .append("process_resident_memory_bytes ")
        .append(procStatusBytes("VmRSS"))
        .append('\n');
    b.append(
            "# HELP mtc_serve_peak_resident_memory_bytes Peak resident memory of the server process (VmHWM).\n")
        .append("# TYPE mtc_serve_peak_resident_memory_bytes gauge\n")
        .append("mtc_serve_peak_resident_memory_bytes ")
        .append(procStatusBytes("VmHWM"))
        .append('\n');
    return b.toString();
  }

  private static void counters(StringBuilder b, String name, Map<String, LongAdder> values) {
    new TreeMap<>(values)
        .forEach(
            (key, n) -> {
              String[] parts = key.split("\u0000");
              b.append(name)
                  .append("{endpoint=\"")
                  .append(parts[0])
                  .append("\",status=\"")
                  .append(parts[1])
                  .append("\"} ")
                  .append(n.sum())
                  .append('\n');
            });
  }

  /**
   * A {@code /proc/self/status} field in bytes ({@code VmRSS}, {@code VmHWM}); -1 where there is
   * none.
   */
  static long procStatusBytes(String field) {
    return procStatusBytes(Path.of("/proc/self/status"), field);
  }

  /** A field of a {@code /proc/PID/status} file in bytes; -1 when unreadable. */
  public static long procStatusBytes(Path status, String field) {
    try {
      for (String line : Files.readAllLines(status)) {
        if (line.startsWith(field + ":")) {
          return Long.parseLong(line.substring(field.length() + 1).replace("kB", "").strip())
              * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }

  /** A cumulative histogram with fixed upper bounds. */
  private static final class Histogram {
    private final double[] bounds;
    private final AtomicLongArray counts;
    private final DoubleAdder sum = new DoubleAdder();
    private final LongAdder count = new LongAdder();

    Histogram(double[] bounds) {
      this.bounds = bounds;
      this.counts = new AtomicLongArray(bounds.length);
    }

    void observe(double value) {
      for (int i = 0; i < bounds.length; i++) {
        if (value <= bounds[i]) {
          counts.incrementAndGet(i);
          break;
        }
      }
      sum.add(value);
      count.increment();
    }

    void render(StringBuilder b, String name, String labels) {
      long cumulative = 0;
      for (int i = 0; i < bounds.length; i++) {
        cumulative += counts.get(i);
        b.append(name)
            .append("_bucket{")
            .append(labels)
            .append("le=\"")
            .append(number(bounds[i]))
            .append("\"} ")
            .append(cumulative)
            .append('\n');
      }
      String plain = labels.isEmpty() ? "" : "{" + labels.substring(0, labels.length() - 1) + "}";
      long total =
          Math.max(cumulative, count.sum()); // an observation in flight must not make +Inf shrink
      b.append(name)
          .append("_bucket{")
          .append(labels)
          .append("le=\"+Inf\"} ")
          .append(total)
          .append('\n')
          .append(name)
          .append("_sum")
          .append(plain)
          .append(' ')
          .append(number(sum.sum()))
          .append('\n')
          .append(name)
          .append("_count")
          .append(plain)
          .append(' ')
          .append(total)
          .append('\n');
    }

    private static String number(double v) {
      return v == Math.rint(v) && Math.abs(v) < 1e15
          ? Long.toString((long) v)
          : String.format(Locale.ROOT, "%s", v);
    }
  }
}
