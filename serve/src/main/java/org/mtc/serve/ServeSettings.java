package org.mtc.serve;

import com.typesafe.config.Config;
import java.time.Duration;
import org.mtc.core.MtcException;

/**
 * The server's settings, read from {@code mtc.serve} (serve module reference.conf). Immutable.
 *
 * @param host interface to listen on
 * @param port TCP port (0: any free port)
 * @param maxBatch sentences per model call (1: no dynamic batching)
 * @param maxDelay how long the batcher waits after the first queued sentence for more
 * @param queueCapacity sentences that may wait for the model
 * @param maxSentences sentences in one request
 * @param maxBodyBytes bytes of one request body
 * @param requestTimeout how long one request may wait for its answers
 * @param drainTimeout how long requests in flight may take to finish on shutdown
 * @param logLinesPerSecond request log lines per second at most (0: none)
 * @param warmUp how long the model answers warm-up batches (1, 2, 4 ... max-batch sentences of the longest length,
 *     round after round) before the server reports ready; zero: one one-sentence request
 */
public record ServeSettings(String host, int port, int maxBatch, Duration maxDelay, int queueCapacity,
    int maxSentences, long maxBodyBytes, Duration requestTimeout, Duration drainTimeout, int logLinesPerSecond,
    Duration warmUp) {

  public ServeSettings {
    if (port < 0 || port > 65535 || maxBatch < 1 || maxDelay.isNegative() || queueCapacity < 1 || maxSentences < 1
        || maxBodyBytes < 1 || requestTimeout.isNegative() || requestTimeout.isZero() || drainTimeout.isNegative()
        || logLinesPerSecond < 0 || warmUp.isNegative()) {
      throw new MtcException("mtc.serve: port must be 0-65535, max-batch, queue-capacity, max-sentences, "
          + "max-body-bytes and request-timeout greater than 0, max-delay, drain-timeout, log-lines-per-second "
          + "and warm-up 0 or more; got " + this);
    }
    if (maxSentences > queueCapacity) {
      throw new MtcException("mtc.serve.max-sentences (" + maxSentences + ") is larger than mtc.serve.queue-capacity ("
          + queueCapacity + "): a request that large could never be queued; raise queue-capacity or lower "
          + "max-sentences");
    }
  }

  /** Reads {@code mtc.serve.*} of merged settings. */
  public static ServeSettings from(Config settings) {
    Config s = settings.getConfig("mtc.serve");
    try {
      return new ServeSettings(s.getString("host"), s.getInt("port"), s.getInt("max-batch"),
          s.getDuration("max-delay"), s.getInt("queue-capacity"), s.getInt("max-sentences"),
          s.getBytes("max-body-bytes"), s.getDuration("request-timeout"), s.getDuration("drain-timeout"),
          s.getInt("log-lines-per-second"), s.getDuration("warm-up"));
    } catch (com.typesafe.config.ConfigException e) {
      throw new MtcException("bad mtc.serve setting: " + e.getMessage(), e);
    }
  }

  /** A copy with another port. */
  public ServeSettings withPort(int newPort) {
    return new ServeSettings(host, newPort, maxBatch, maxDelay, queueCapacity, maxSentences, maxBodyBytes,
        requestTimeout, drainTimeout, logLinesPerSecond, warmUp);
  }

  /** A copy with another host. */
  public ServeSettings withHost(String newHost) {
    return new ServeSettings(newHost, port, maxBatch, maxDelay, queueCapacity, maxSentences, maxBodyBytes,
        requestTimeout, drainTimeout, logLinesPerSecond, warmUp);
  }
}
