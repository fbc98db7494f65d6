package org.mtc.bench.experiment;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The last lines of a child JVM's log on one line, for the message that says why the child failed.
 * Stateless.
 */
public final class LogTail {
  private LogTail() {}

  /**
   * The last {@code count} lines of {@code file}, stripped and joined by {@code " | "}; {@code
   * "(empty)"} when there are none or the file does not exist.
   */
  public static String of(Path file, int count) throws IOException {
    List<String> lines =
        Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
    List<String> last = lines.subList(Math.max(0, lines.size() - count), lines.size());
    return last.isEmpty()
        ? "(empty)"
        : String.join(" | ", last.stream().map(String::strip).toList());
  }
}
