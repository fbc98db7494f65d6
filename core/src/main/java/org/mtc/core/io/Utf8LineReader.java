package org.mtc.core.io;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.mtc.core.MtcException;

/**
 * Reads lines of UTF-8 text one at a time and decodes each line strictly, so that invalid UTF-8 is
 * reported with the exact line it is on (a decoding {@link java.io.Reader} reads ahead and can only
 * say "at or after"). Lines end at {@code \n}; a {@code \r} before it is dropped. {@link #ready()}
 * tells whether a line can be read without blocking, so interactive callers can answer what has
 * arrived when input pauses.
 *
 * <p>Not thread-safe. Owns the stream and closes it.
 */
public final class Utf8LineReader implements AutoCloseable {
  private final InputStream in;
  private final String source;
  private final CharsetDecoder decoder =
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);
  private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
  private long lineNumber;

  /**
   * @param source how messages name the input: a file path, or e.g. "standard input"
   */
  public Utf8LineReader(InputStream in, String source) {
    this.in = new BufferedInputStream(in, 1 << 16);
    this.source = source;
  }

  /**
   * The next line without its terminator, or null at the end of input.
   *
   * @throws MtcException naming the source and line when the line is not valid UTF-8
   */
  public String readLine() throws IOException {
    line.reset();
    int b = in.read();
    if (b < 0) {
      return null;
    }
    while (b >= 0 && b != '\n') {
      line.write(b);
      b = in.read();
    }
    lineNumber++;
    byte[] bytes = line.toByteArray();
    int length =
        bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
    try {
      String text = decoder.decode(ByteBuffer.wrap(bytes, 0, length)).toString();
      return lineNumber == 1 && text.startsWith("\uFEFF") ? text.substring(1) : text;
    } catch (CharacterCodingException e) {
      throw notUtf8(source, lineNumber, e);
    }
  }

  /** The number of the line last returned (1-based; 0 before the first). */
  public long lineNumber() {
    return lineNumber;
  }

  /** How messages name the input, as given: a file path, or e.g. "standard input". */
  public String source() {
    return source;
  }

  /** Whether input is waiting, so that {@link #readLine} is unlikely to block. */
  public boolean ready() throws IOException {
    return in.available() > 0;
  }

  /**
   * The 1-based line of {@code file} holding its first invalid UTF-8 byte, or 0 when the whole file
   * is valid. For error messages after a reader that reads ahead has failed.
   */
  public static long firstMalformedLine(Path file) {
    try (Utf8LineReader r = new Utf8LineReader(Files.newInputStream(file), file.toString())) {
      try {
        while (r.readLine() != null) {
          // keep reading until a line fails
        }
        return 0;
      } catch (MtcException e) {
        return r.lineNumber();
      }
    } catch (IOException e) {
      return 0;
    }
  }

  /**
   * The error for a file a reading-ahead decoder found invalid UTF-8 in: names the file, the line
   * that holds the first invalid byte ({@link #firstMalformedLine}) and the fix.
   */
  public static MtcException notUtf8(Path file, Throwable cause) {
    return notUtf8(file.toString(), firstMalformedLine(file), cause);
  }

  private static MtcException notUtf8(String source, long line, Throwable cause) {
    return new MtcException(
        source
            + ":"
            + line
            + ": not valid UTF-8 text; save the input as UTF-8 (for example "
            + "`iconv -f latin1 -t utf-8`)",
        cause);
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
