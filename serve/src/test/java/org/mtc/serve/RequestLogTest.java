package org.mtc.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * One line per request at most, at most N lines a second, and the next line counts the requests
 * left out.
 */
class RequestLogTest {
  @Test
  void underLoadLinesAreSampledAndTheSkippedOnesCounted() {
    AtomicLong clock = new AtomicLong(5_000_000_000L);
    List<String> lines = new ArrayList<>();
    RequestLog log = new RequestLog(3, clock::get, lines::add);
    for (int i = 0; i < 10; i++) {
      log.request("POST", "/model", 200, 1, 0.0123, null);
    }
    assertThat(lines).hasSize(3).allMatch(l -> l.equals("POST /model 200 sentences=1 ms=12.3"));
    clock.addAndGet(1_000_000_000L);
    log.request("POST", "/model", 400, 0, 0.001, "malformed JSON");
    assertThat(lines).hasSize(4);
    assertThat(lines.get(3))
        .isEqualTo(
            "POST /model 400 sentences=0 ms=1.0 error=\"malformed JSON\" "
                + "(7 requests not logged)");
    List<String> none = new ArrayList<>();
    new RequestLog(0, clock::get, none::add).request("POST", "/model", 200, 1, 0.01, null);
    assertThat(none).isEmpty();
  }
}
