package org.mtc.cli;

import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * Says in one line what ran out when the JVM throws {@link OutOfMemoryError}, and which setting to
 * raise. Not a bug of mtc's but a limit of this run: the Java heap ({@code -Xmx}), the direct
 * buffer memory that engines and safetensors reads use outside the heap (capped at the heap's size
 * unless {@code -XX:MaxDirectMemorySize} is set), or the class metaspace. {@code bin/mtc} passes
 * {@code MTC_JAVA_OPTS} to the JVM in place of its default ({@code -XX:MaxRAMPercentage=25}).
 * Stateless.
 */
final class FatalErrors {
  private FatalErrors() {}

  /**
   * The message for the first {@link OutOfMemoryError} in {@code failure}'s cause chain ({@code
   * failure} itself included), or null when there is none.
   */
  static String describe(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof OutOfMemoryError oom) {
        boolean directLimitSet =
            ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .anyMatch(a -> a.startsWith("-XX:MaxDirectMemorySize"));
        return describe(oom, Runtime.getRuntime().maxMemory(), directLimitSet);
      }
    }
    return null;
  }

  /**
   * The message for {@code oom} in a JVM whose heap may grow to {@code maxHeapBytes}; {@code
   * directLimitSet}: the JVM was started with {@code -XX:MaxDirectMemorySize}.
   */
  static String describe(OutOfMemoryError oom, long maxHeapBytes, boolean directLimitSet) {
    String detail = oom.getMessage() == null ? "" : oom.getMessage();
    String lower = detail.toLowerCase(Locale.ROOT);
    String heap = "the heap's maximum here is " + megabytes(maxHeapBytes);
    if (lower.contains("direct buffer memory")) {
      return "out of direct buffer memory ("
          + detail
          + "): "
          + (directLimitSet
              ? "this memory outside the Java heap, which the engine's buffers use, is capped by -XX:MaxDirectMemorySize; "
                  + "raise it in MTC_JAVA_OPTS, e.g. MTC_JAVA_OPTS='-Xmx1g -XX:MaxDirectMemorySize=1g'"
              : "this memory outside the Java heap, which the engine's buffers use, is capped at the heap size (-Xmx) "
                  + "when -XX:MaxDirectMemorySize is not set, and "
                  + heap
                  + "; raise it with MTC_JAVA_OPTS, e.g. "
                  + "MTC_JAVA_OPTS=-Xmx1g");
    }
    if (lower.contains("metaspace")) {
      return "out of class metadata memory ("
          + detail
          + "); raise it with MTC_JAVA_OPTS, e.g. "
          + "MTC_JAVA_OPTS='-Xmx1g -XX:MaxMetaspaceSize=512m'";
    }
    if (lower.contains("native thread")) {
      return "could not start another thread ("
          + detail
          + "): the machine's process or memory limits are reached; "
          + "lower the engine's threads (mtc.backbone.djl.threads) or raise the limit (ulimit -u)";
    }
    return "out of Java heap memory ("
        + (detail.isEmpty() ? "OutOfMemoryError" : detail)
        + "): "
        + heap
        + "; raise it with MTC_JAVA_OPTS, e.g. MTC_JAVA_OPTS=-Xmx1g (bin/mtc's default is a quarter of this machine's "
        + "memory), or use smaller batches (--batch-size; mtc.train.batch-size when training)";
  }

  private static String megabytes(long bytes) {
    return bytes == Long.MAX_VALUE ? "unlimited" : (bytes >> 20) + " MB (-Xmx)";
  }
}
