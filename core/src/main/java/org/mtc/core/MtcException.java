package org.mtc.core;

/**
 * The one unchecked exception type mtc throws for problems a user can fix: a bad setting, a missing
 * file, a malformed data row, an unknown label or engine. The message always names the place (file,
 * line, key), the offending value and the fix, so callers can print it as is.
 *
 * <p>Immutable and thread-safe.
 */
public class MtcException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public MtcException(String message) {
    super(message);
  }

  public MtcException(String message, Throwable cause) {
    super(message, cause);
  }
}
