package org.mtc.serve;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.soabase.recordbuilder.core.RecordBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.mtc.core.MtcException;

/**
 * The server's settings, read from {@code mtc.serve} (serve module reference.conf). Immutable. A
 * new setting is a new component and its line in {@link #from}; the copies ({@code withPort(0)},
 * {@code with(b -> ...)}) come from {@link ServeSettingsBuilder}, which RecordBuilder writes at
 * compile time.
 *
 * @param host interface to listen on
 * @param port TCP port (0: any free port)
 * @param maxBatch sentences per model call (1: no dynamic batching)
 * @param maxDelay the longest a sentence waits for the batch to fill beyond the moment the model
 *     was free to take it (DynamicBatcher)
 * @param queueCapacity sentences that may wait for the model
 * @param maxSentences sentences in one request
 * @param maxBodyBytes bytes of one request body
 * @param requestTimeout how long one request may wait for its answers
 * @param drainTimeout how long requests in flight may take to finish on shutdown
 * @param logLinesPerSecond request log lines per second at most (0: none)
 * @param warmUp how long the model answers warm-up batches (1, 2, 4 ... max-batch sentences of the
 *     longest length, round after round) before the server reports ready; zero: one one-sentence
 *     request
 * @param listen when the port opens: at start (today's default; {@code /health} answers 503 {@code
 *     loading} until ready) or only once the model is loaded and warmed up, for orchestrators that
 *     wait for the port alone
 */
@RecordBuilder
@RecordBuilder.Options(builderMode = RecordBuilder.BuilderMode.STANDARD_AND_STAGED)
public record ServeSettings(
    String host,
    int port,
    int maxBatch,
    Duration maxDelay,
    int queueCapacity,
    int maxSentences,
    long maxBodyBytes,
    Duration requestTimeout,
    Duration drainTimeout,
    int logLinesPerSecond,
    Duration warmUp,
    Listen listen)
    implements ServeSettingsBuilder.With {

  /**
   * @throws MtcException naming each setting whose value is out of range, with that value alone and
   *     its range
   */
  public ServeSettings {
    List<String> problems = new ArrayList<>();
    if (host == null || host.isBlank()) {
      problems.add(
          "mtc.serve.host is empty; give an interface, e.g. 127.0.0.1 (this machine only) or 0.0.0.0");
    }
    if (port < 0 || port > 65535) {
      problems.add(
          "mtc.serve.port (--port) = "
              + port
              + " is out of range; a port is 0..65535 (0: any free port)");
    }
    atLeast(problems, "max-batch (--max-batch)", maxBatch, 1, "1: no dynamic batching");
    atLeast(problems, "queue-capacity", queueCapacity, 1, "sentences that may wait");
    atLeast(problems, "max-sentences", maxSentences, 1, "sentences in one request");
    atLeast(problems, "max-body-bytes", maxBodyBytes, 1, "bytes of one request body");
    atLeast(problems, "log-lines-per-second", logLinesPerSecond, 0, "0: no request log");
    notNegative(problems, "max-delay (--max-delay)", maxDelay, false);
    notNegative(problems, "request-timeout", requestTimeout, true);
    notNegative(problems, "drain-timeout", drainTimeout, false);
    notNegative(problems, "warm-up", warmUp, false);
    if (listen == null) {
      problems.add("mtc.serve.listen is missing; give at-start or when-ready");
    }
    if (!problems.isEmpty()) {
      throw new MtcException(String.join("\n", problems));
    }
    if (maxSentences > queueCapacity) {
      throw new MtcException(
          "mtc.serve.max-sentences ("
              + maxSentences
              + ") is larger than mtc.serve.queue-capacity ("
              + queueCapacity
              + "): a request that large could never be queued; raise queue-capacity or lower "
              + "max-sentences");
    }
  }

  /** When the server opens its port ({@code mtc.serve.listen}). */
  public enum Listen {
    /** Before the model loads; {@code /health} answers 503 {@code loading} until it is ready. */
    AT_START("at-start"),
    /** Only once the model is loaded and warmed up: a connection that succeeds is answered. */
    WHEN_READY("when-ready");

    private final String key;

    Listen(String key) {
      this.key = key;
    }

    /** The value as the setting writes it: {@code at-start} or {@code when-ready}. */
    public String key() {
      return key;
    }

    /**
     * @throws MtcException naming the setting and the values it takes
     */
    static Listen of(String value) {
      for (Listen l : values()) {
        if (l.key.equals(value)) {
          return l;
        }
      }
      throw new MtcException(
          "mtc.serve.listen = \""
              + value
              + "\" is not a choice; give at-start (open the port before the model loads) or "
              + "when-ready (--listen-when-ready: open it once the model is loaded and warmed up)");
    }
  }

  private static void atLeast(
      List<String> problems, String key, long value, long min, String meaning) {
    if (value < min) {
      problems.add(
          "mtc.serve."
              + key
              + " = "
              + value
              + " is out of range; it must be "
              + min
              + " or more ("
              + meaning
              + ")");
    }
  }

  private static void notNegative(
      List<String> problems, String key, Duration value, boolean positive) {
    if (value == null) {
      problems.add("mtc.serve." + key + " is missing; give a duration such as 5ms or 3s");
    } else if (value.isNegative() || positive && value.isZero()) {
      problems.add(
          "mtc.serve."
              + key
              + " = "
              + render(value)
              + " is out of range; it must be a duration "
              + (positive ? "greater than 0" : "of 0 or more")
              + ", e.g. 5ms or 3s");
    }
  }

  /**
   * A duration as a setting is written: {@code -5ms}, {@code 3000ms}, or nanoseconds below a
   * millisecond.
   */
  private static String render(Duration d) {
    return d.toNanos() % 1_000_000 == 0 ? d.toMillis() + "ms" : d.toNanos() + "ns";
  }

  /** Reads {@code mtc.serve.*} of merged settings. */
  public static ServeSettings from(Config settings) {
    Config s = settings.getConfig("mtc.serve");
    try {
      return ServeSettingsBuilder.stagedBuilder()
          .host(s.getString("host"))
          .port(s.getInt("port"))
          .maxBatch(s.getInt("max-batch"))
          .maxDelay(s.getDuration("max-delay"))
          .queueCapacity(s.getInt("queue-capacity"))
          .maxSentences(s.getInt("max-sentences"))
          .maxBodyBytes(s.getBytes("max-body-bytes"))
          .requestTimeout(s.getDuration("request-timeout"))
          .drainTimeout(s.getDuration("drain-timeout"))
          .logLinesPerSecond(s.getInt("log-lines-per-second"))
          .warmUp(s.getDuration("warm-up"))
          .listen(Listen.of(s.getString("listen")))
          .build();
    } catch (ConfigException e) {
      throw new MtcException("bad mtc.serve setting: " + e.getMessage(), e);
    }
  }
}
