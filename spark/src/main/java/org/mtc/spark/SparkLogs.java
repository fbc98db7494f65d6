package org.mtc.spark;

import java.util.List;
import java.util.Locale;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;

/**
 * The level of Spark's own loggers (and Hadoop's, Netty's and Parquet's, which Spark runs) in a
 * session that {@code mtc annotate} starts: WARN unless asked ({@code MTC_SPARK_LOG=INFO}), since
 * Spark logs dozens of INFO lines at start. For the two SLF4J providers mtc meets: slf4j-simple,
 * the only one on the class path bin/mtc builds for {@code --spark} (system properties, read when
 * each logger is made, so set before Spark starts), and Log4j 2 under spark-submit (its root level
 * here; Spark's {@code setLogLevel} once the session is up). Stateless.
 */
final class SparkLogs {
  /** The logger name prefixes Spark's start-up and jobs log under. */
  static final List<String> LOGGERS =
      List.of(
          "org.apache.spark",
          "org.sparkproject",
          "io.netty",
          "org.apache.hadoop",
          "org.apache.parquet");

  private static final String SIMPLE = "org.slf4j.simpleLogger.log.";

  private SparkLogs() {}

  /**
   * Sets {@code level} (ERROR, WARN, INFO, DEBUG or TRACE) for {@link #LOGGERS}, leaving a level
   * the user set with a system property as it is. At WARN and ERROR, Hadoop's warning that its
   * native library is absent (it runs without it) is dropped.
   */
  static void level(String level) {
    String simple = level.toLowerCase(Locale.ROOT);
    for (String logger : LOGGERS) {
      setUnlessSet(SIMPLE + logger, simple);
    }
    if (simple.equals("warn") || simple.equals("error")) {
      setUnlessSet(SIMPLE + "org.apache.hadoop.util.NativeCodeLoader", "error");
    }
    try {
      Configurator.setRootLevel(Level.toLevel(level));
    } catch (LinkageError | ClassCastException e) {
      // no Log4j 2 core: another backend, configured by its own files
    }
  }

  private static void setUnlessSet(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }
}
