package org.mtc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mtc.core.settings.Settings;
import org.mtc.serve.ServeSettings;
import org.slf4j.LoggerFactory;

/**
 * docs/serve.md: {@code mtc serve} logs one line per request by default, at most {@code
 * mtc.serve.log-lines-per-second} (10) a second. The command line's logging keeps other libraries
 * at WARN, so the request log's logger must be let through explicitly.
 */
class ServeRequestLogTest {
  @Test
  void theRequestLogIsOnAtTheCommandLinesDefaultLoggingAndSettings() {
    assertThat(LoggerFactory.getLogger("mtc.serve").isInfoEnabled())
        .as("mtc.serve at INFO")
        .isTrue();
    assertThat(LoggerFactory.getLogger("org.eclipse.jetty.server.Server").isInfoEnabled())
        .as("others at WARN")
        .isFalse();
    assertThat(
            ServeSettings.from(Settings.load(List.of(), ConfigFactory.empty())).logLinesPerSecond())
        .isEqualTo(10);
  }
}
