package org.mtc.tasks.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.mtc.core.MtcException;

/**
 * SHA-256 of a file, or of every file below a directory (each one's path relative to the directory
 * and its bytes, in path order), so a model directory that changes in any file gets another digest.
 * Stateless.
 */
public final class FileDigest {
  private FileDigest() {}

  /** The hex SHA-256 of {@code path}, a file or a directory. */
  public static String of(Path path) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      if (Files.isDirectory(path)) {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(path)) {
          files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path f : files) {
          sha.update(path.relativize(f).toString().getBytes(StandardCharsets.UTF_8));
          sha.update((byte) 0);
          add(sha, f);
        }
      } else {
        add(sha, path);
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (IOException | NoSuchAlgorithmException e) {
      throw new MtcException("could not read " + path + " to checksum it: " + e.getMessage(), e);
    }
  }

  private static void add(MessageDigest sha, Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[1 << 16];
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        sha.update(buffer, 0, n);
      }
    }
  }
}
