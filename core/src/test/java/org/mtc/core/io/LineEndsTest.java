package org.mtc.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtc.core.MtcException;

/** Settings files with old Mac line ends are refused; Unix and Windows line ends pass. */
class LineEndsTest {
  @TempDir Path dir;

  @Test
  void theFirstLoneCarriageReturnIsFoundAtItsLine() {
    assertThat(LineEnds.firstLoneCarriageReturnLine(bytes("a = 1\rb = 2\r"))).isEqualTo(1);
    assertThat(LineEnds.firstLoneCarriageReturnLine(bytes("a = 1\r\nb = 2\nc = 3\rd = 4")))
        .isEqualTo(3);
    assertThat(LineEnds.firstLoneCarriageReturnLine(bytes("a = 1\r"))).isEqualTo(1);
    assertThat(LineEnds.firstLoneCarriageReturnLine(bytes("a = 1\r\nb = 2\r\n"))).isZero();
    assertThat(LineEnds.firstLoneCarriageReturnLine(bytes("a = 1\nb = 2\n"))).isZero();
  }

  @Test
  void aFileWithCrOnlyLineEndsIsRefusedWithTheFix() throws Exception {
    Path mac = Files.writeString(dir.resolve("mac.conf"), "# tasks\rmtc.seed = 3\r");
    assertThatThrownBy(() -> LineEnds.requireNoLoneCarriageReturn(mac))
        .isInstanceOf(MtcException.class)
        .hasMessageStartingWith(mac + ":1: the file uses CR-only line ends")
        .hasMessageContaining("tr '\\r' '\\n'")
        .hasMessageContaining("LF");
    Path windows = Files.writeString(dir.resolve("windows.conf"), "# tasks\r\nmtc.seed = 3\r\n");
    assertThatCode(() -> LineEnds.requireNoLoneCarriageReturn(windows)).doesNotThrowAnyException();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
