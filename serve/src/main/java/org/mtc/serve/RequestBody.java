package org.mtc.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.io.IOException;

/**
 * Reads a request's body as JSON within the size limit, or says what is wrong with it as an {@link
 * HttpError}.
 */
final class RequestBody {
  private static final ObjectMapper JSON = new ObjectMapper();

  private RequestBody() {}

  /**
   * The body of {@code ctx} as JSON.
   *
   * @throws HttpError 413 for a body over {@code maxBodyBytes} (from Content-Length, before it is
   *     read), 400 for an empty body or malformed JSON, naming the line and column
   */
  static JsonNode json(Context ctx, long maxBodyBytes) {
    long length = ctx.req().getContentLengthLong();
    if (length > maxBodyBytes) {
      throw new HttpError(
          413,
          "the body has "
              + length
              + " bytes; at most "
              + maxBodyBytes
              + " (mtc.serve.max-body-bytes): send fewer or shorter sentences");
    }
    byte[] body;
    try {
      body = ctx.bodyAsBytes();
    } catch (HttpResponseException e) {
      throw new HttpError(
          e.getStatus() == 413 ? 413 : 400,
          e.getStatus() == 413
              ? "the body is larger than " + maxBodyBytes + " bytes (mtc.serve.max-body-bytes)"
              : "could not read the body: " + e.getMessage());
    } catch (RuntimeException e) {
      throw new HttpError(
          400, "could not read the body (did the client disconnect?): " + e.getMessage());
    }
    if (body.length > maxBodyBytes) {
      throw new HttpError(
          413, "the body has more than " + maxBodyBytes + " bytes (mtc.serve.max-body-bytes)");
    }
    try {
      JsonNode node = JSON.readTree(body);
      if (node == null || node.isMissingNode()) {
        throw new HttpError(400, "the body is empty; send a JSON document");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new HttpError(
          400,
          "malformed JSON: "
              + e.getOriginalMessage()
              + " at line "
              + e.getLocation().getLineNr()
              + ", column "
              + e.getLocation().getColumnNr());
    } catch (IOException e) {
      throw new HttpError(400, "could not read the body: " + e.getMessage());
    }
  }
}
