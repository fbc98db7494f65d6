package org.mtc.tasks.distill;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.mtc.core.Input;

/**
 * The first 128 bits of SHA-256 over an input's context and text (each length-prefixed): the key a
 * teacher's prediction is stored under, so the same text and context find it in any sample.
 * Immutable.
 */
record InputKey(long high, long low) {
  static InputKey of(Input input) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (String part : new String[] {input.context(), input.text()}) {
        byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
        sha.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
        sha.update(bytes);
      }
      ByteBuffer digest = ByteBuffer.wrap(sha.digest());
      return new InputKey(digest.getLong(), digest.getLong());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
