package org.mtc.serve;

/**
 * A request the server answers with an error status and a message naming what was wrong and how to
 * fix it, as {@code {"error": "..."}}. {@code retryAfterSeconds} > 0 adds a {@code Retry-After}
 * header (503). Immutable.
 */
final class HttpError extends RuntimeException {
  private static final long serialVersionUID = 1L;
  final int status;
  final int retryAfterSeconds;

  HttpError(int status, String message) {
    this(status, message, 0);
  }

  HttpError(int status, String message, int retryAfterSeconds) {
    super(message);
    this.status = status;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}
