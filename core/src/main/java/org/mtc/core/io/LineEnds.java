package org.mtc.core.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.mtc.core.MtcException;

/**
 * Refuses settings files whose lines end in a lone carriage return (classic Mac OS line ends,
 * {@code \r} without {@code \n}). HOCON breaks lines at {@code \n} only, so such a file reads as
 * one long line: a comment on the first line silently swallows the whole file, and a value runs
 * into the next key. Windows line ends ({@code \r\n}) are fine. Stateless.
 */
public final class LineEnds {
  private LineEnds() {}

  /**
   * Checks {@code file} for a {@code \r} not followed by {@code \n}; a file that cannot be read is
   * left to the caller's own reading.
   *
   * @throws MtcException naming the file, the line the first lone {@code \r} ends and the fix
   */
  public static void requireNoLoneCarriageReturn(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      return;
    }
    long line = firstLoneCarriageReturnLine(bytes);
    if (line > 0) {
      throw new MtcException(
          file
              + ":"
              + line
              + ": the file uses CR-only line ends (old Mac style: \\r without \\n), "
              + "which HOCON reads as one long line; convert it with `tr '\\r' '\\n' < "
              + file
              + " > fixed.conf`, or "
              + "save it with LF (Unix) line ends");
    }
  }

  /**
   * The 1-based line that a lone {@code \r} ends first (any line end counted), or 0 when there is
   * none.
   */
  static long firstLoneCarriageReturnLine(byte[] bytes) {
    long line = 1;
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '\r') {
        if (i + 1 >= bytes.length || bytes[i + 1] != '\n') {
          return line;
        }
      } else if (bytes[i] == '\n') {
        line++;
      }
    }
    return 0;
  }
}
