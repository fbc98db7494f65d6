package org.mtc.bench.experiment;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.mtc.core.MtcException;

/** SHA-256 of data files, for the report's record of exactly which data produced its numbers. */
final class Checksums {
  private Checksums() {}

  static DataFile of(String task, String split, Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[1 << 16];
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        sha.update(buffer, 0, n);
      }
      return new DataFile(
          task,
          split,
          file.toAbsolutePath().normalize().toString(),
          Files.size(file),
          HexFormat.of().formatHex(sha.digest()));
    } catch (IOException | NoSuchAlgorithmException e) {
      throw new MtcException("could not checksum " + file + ": " + e.getMessage(), e);
    }
  }
}
