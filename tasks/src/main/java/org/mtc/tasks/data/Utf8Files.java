package org.mtc.tasks.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.mtc.core.MtcException;
import org.mtc.core.io.Utf8LineReader;

/**
 * Opens text files the way every mtc reader does: strict UTF-8 (a malformed byte is an error, not a
 * replacement character, so a Latin-1 file is caught and named) and a leading byte-order mark
 * skipped. Stateless.
 */
public final class Utf8Files {
  private Utf8Files() {}

  /**
   * A buffered reader of {@code file}, positioned after a byte-order mark if there is one; the
   * caller closes it. Decoding errors surface as {@link java.nio.charset.MalformedInputException}
   * while reading.
   */
  public static BufferedReader strictReader(Path file) throws IOException {
    var decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    BufferedReader in =
        new BufferedReader(new InputStreamReader(Files.newInputStream(file), decoder), 1 << 16);
    in.mark(1);
    if (in.read() != '\uFEFF') {
      in.reset();
    }
    return in;
  }

  /**
   * The error for {@code file} when a strict reader found invalid UTF-8 in it: names the line that
   * holds the first invalid byte and how to convert the file.
   */
  public static MtcException notUtf8(Path file, Throwable cause) {
    return new MtcException(
        file
            + ":"
            + Utf8LineReader.firstMalformedLine(file)
            + ": not valid UTF-8 "
            + "text; save the file as UTF-8 (for example `iconv -f latin1 -t utf-8`)",
        cause);
  }
}
