package org.mtc.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Writes the server's JSON answers, and answers the errors that no handler of ours raises (an
 * unknown path, a method an endpoint does not take, a request Jetty cannot parse) as {@code
 * {"error": "..."}} like the handlers' own, naming the method and path and listing the endpoints.
 * Stateless.
 */
final class JsonAnswers {
  /**
   * Every endpoint the server answers, as {@code METHOD /path}; AnnotatorServer registers these.
   */
  static final List<String> ENDPOINTS =
      List.of("POST /model", "POST /batch_model", "POST /predict", "GET /health", "GET /metrics");

  private static final ObjectMapper JSON = new ObjectMapper();

  private JsonAnswers() {}

  static byte[] json(Object value) {
    try {
      return JSON.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Writes and flushes the answer before the handler returns, so that a shutdown that waits for the
   * requests in flight never cuts one off between its answer and the bytes on the wire. A client
   * that left is ignored.
   */
  static void respond(Context ctx, int status, byte[] body) {
    ctx.status(status);
    ctx.res().setContentType("application/json");
    ctx.res().setContentLength(body.length);
    try {
      ctx.res().getOutputStream().write(body);
      ctx.res().flushBuffer();
    } catch (IOException | RuntimeException e) {
      // the client disconnected; nothing to answer
    }
  }

  /**
   * The endpoint a metric counts a request under: its path when the server has it, else {@code
   * other}.
   */
  static String endpoint(String path) {
    return ENDPOINTS.stream().anyMatch(e -> e.endsWith(" " + path)) ? path : "other";
  }

  /**
   * The message of an error the routing raised: 404 and 405 name the method and path and list the
   * endpoints; another status gives the framework's reason.
   */
  static String routeError(int status, String method, String path, String reason) {
    String methods = allowed(path);
    String endpoints = "; the endpoints are " + String.join(", ", ENDPOINTS) + " (docs/serve.md)";
    if (status == 404 || status == 405 && methods.isEmpty()) {
      return "no endpoint " + method + " " + path + endpoints;
    }
    if (status == 405) {
      return method + " " + path + " is not allowed: " + path + " takes " + methods + endpoints;
    }
    return method
        + " "
        + path
        + ": "
        + status
        + " "
        + (reason == null || reason.isBlank() ? HttpStatus.getMessage(status) : reason);
  }

  /**
   * Methods {@code path} takes, for a 405's {@code Allow} header; empty for a path the server does
   * not have.
   */
  static String allowed(String path) {
    return String.join(
        ", ",
        ENDPOINTS.stream().filter(e -> e.endsWith(" " + path)).map(e -> e.split(" ")[0]).toList());
  }

  /**
   * Jetty's own errors, raised before a request reaches Javalin (a header too large, a malformed
   * URI, a request that is not HTTP), as {@code {"error": ...}} instead of Jetty's HTML page.
   */
  static final class JettyErrors extends ErrorHandler {
    @Override
    protected void generateResponse(
        Request request,
        Response response,
        int code,
        String message,
        Throwable cause,
        Callback callback) {
      // A request line Jetty could not parse reaches here as "BAD /badMessage"
      String error =
          "BAD".equals(request.getMethod())
              ? "the request is not valid HTTP/1.1: "
                  + code
                  + " "
                  + message
                  + "; the endpoints are "
                  + String.join(", ", ENDPOINTS)
                  + " (docs/serve.md)"
              : routeError(code, request.getMethod(), request.getHttpURI().getPath(), message);
      byte[] body = json(Map.of("error", error));
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
      response.write(true, ByteBuffer.wrap(body), callback);
    }
  }
}
