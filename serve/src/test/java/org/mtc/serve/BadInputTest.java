package org.mtc.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The bad inputs, over real HTTP on 127.0.0.1: each gets a 4xx with {"error": ...} naming
 * the problem (never a 200 with {}), and the server keeps answering after each.
 */
class BadInputTest {
  private static AnnotatorServer server;

  @BeforeAll
  static void start() {
    server = AnnotatorServer.start(Http.model(), Http.settings(""));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static void assertError(HttpResponse<String> r, int status, String... mentions)
      throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(Http.json(r).get("error").asText()).contains(mentions);
    assertStillServes();
  }

  private static void assertStillServes() throws Exception {
    HttpResponse<String> ok =
        Http.post(server, "/model", Http.body("sentences", List.of("still there?")));
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(Http.json(ok)).hasSize(1);
  }

  @Test
  void malformedJsonIs400() throws Exception {
    assertError(Http.post(server, "/model", "{\"sentences\": [\"a\""), 400, "malformed JSON");
    assertError(Http.post(server, "/model", ""), 400, "empty");
  }

  @Test
  void aWrongFieldTypeIs400NamingTheField() throws Exception {
    assertError(
        Http.post(server, "/model", "{\"sentences\": \"hello\"}"), 400, "'sentences'", "list");
    assertError(
        Http.post(server, "/model", "{\"sentences\": [\"a\", 3]}"),
        400,
        "'sentences[1]'",
        "a number");
    assertError(Http.post(server, "/model", "{\"text\": \"a\"}"), 400, "missing field 'sentences'");
    assertError(Http.post(server, "/model", "[1, 2]"), 400, "JSON object");
    assertError(
        Http.post(
            server,
            "/model",
            "{\"sentences\": [\"a\"], \"sentences_with_history\": [\"a\", \"b\"]}"),
        400,
        "'sentences_with_history'");
    assertError(
        Http.post(server, "/batch_model", "{\"utterances_with_histories\": [\"a\"]}"),
        400,
        "'utterances_with_histories[0]'");
    assertError(
        Http.post(server, "/batch_model", "{\"utterances_with_histories\": [[]]}"),
        400,
        "empty list");
    assertError(Http.post(server, "/predict", "{\"texts\": [\"a\"]}"), 400, "/predict", "list");
  }

  @Test
  void anEmptyListIs200WithAnEmptyList() throws Exception {
    HttpResponse<String> r = Http.post(server, "/model", "{\"sentences\": []}");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("[]");
    HttpResponse<String> b =
        Http.post(server, "/batch_model", "{\"utterances_with_histories\": []}");
    assertThat(b.body()).isEqualTo("[{\"batch\":[]}]");
  }

  @Test
  void aTenMegabyteBodyIs413() throws Exception {
    String big = "{\"sentences\": [\"" + "a".repeat(10 * 1024 * 1024) + "\"]}";
    assertError(Http.post(server, "/model", big), 413, "mtc.serve.max-body-bytes");
  }

  @Test
  void tenThousandSentencesAre413() throws Exception {
    assertError(
        Http.post(server, "/model", Http.body("sentences", Collections.nCopies(10_000, "hi"))),
        413,
        "10000 sentences",
        "mtc.serve.max-sentences");
  }

  @Test
  void aHundredThousandCharacterSentenceIsAnsweredTruncatedToTheModelsLength() throws Exception {
    HttpResponse<String> r =
        Http.post(server, "/model", Http.body("sentences", List.of("word ".repeat(20_000))));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(Http.json(r)).hasSize(1);
    assertThat(Http.json(r).get(0).has("emotion_classification")).isTrue();
  }

  @Test
  void aClientThatDisconnectsMidRequestLeavesTheServerServing() throws Exception {
    try (Socket s = new Socket("127.0.0.1", server.port())) {
      OutputStream out = s.getOutputStream();
      out.write(
          ("POST /model HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                  + "Content-Length: 1000\r\n\r\n{\"sentences\": [\"half")
              .getBytes(StandardCharsets.UTF_8));
      out.flush();
    }
    try (Socket s =
        new Socket("127.0.0.1", server.port())) { // the whole request, gone before the answer
      byte[] body =
          Http.body("sentences", Collections.nCopies(50, "gone before the answer"))
              .getBytes(StandardCharsets.UTF_8);
      OutputStream out = s.getOutputStream();
      out.write(
          ("POST /model HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: "
                  + body.length
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.UTF_8));
      out.write(body);
      out.flush();
    }
    Thread.sleep(200);
    assertStillServes();
  }

  @Test
  void aRawRequestGetsAStatusLineNotASilentClose() throws Exception {
    try (Socket s = new Socket("127.0.0.1", server.port())) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(
          ("POST /model HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 7\r\nConnection: close\r\n\r\n{oops}\n")
              .getBytes(StandardCharsets.UTF_8));
      out.flush();
      InputStream in = s.getInputStream();
      String reply = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      assertThat(reply).startsWith("HTTP/1.1 400").contains("malformed JSON");
    }
  }

  @Test
  void neverA200WithAnEmptyObject() throws Exception {
    for (String body : List.of("{}", "null", "{\"sentences\": null}", "{\"sentences\": [null]}")) {
      HttpResponse<String> r = Http.post(server, "/model", body);
      assertThat(r.statusCode()).as(body).isEqualTo(400);
      assertThat(r.body()).isNotEqualTo("{}").contains("error");
    }
    assertThat(Map.of()).isEmpty();
  }

  /**
   * A raw HTTP/1.1 exchange: {@code request} as given, the whole reply (status line, headers,
   * body).
   */
  private static String raw(String request) throws Exception {
    try (Socket s = new Socket("127.0.0.1", server.port())) {
      s.setSoTimeout(10_000);
      s.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
      s.getOutputStream().flush();
      return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static String errorOf(String reply) throws Exception {
    assertThat(reply).as(reply).containsIgnoringCase("Content-Type: application/json");
    return Http.JSON.readTree(reply.substring(reply.indexOf("\r\n\r\n") + 4)).get("error").asText();
  }

  @Test
  void anUnknownPathIs404JsonNamingItAndListingTheEndpoints() throws Exception {
    HttpResponse<String> r = Http.get(server.port(), "/modle");
    assertThat(r.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    assertError(
        r,
        404,
        "no endpoint GET /modle",
        "POST /model",
        "POST /batch_model",
        "POST /predict",
        "GET /health",
        "GET /metrics");
    assertError(Http.post(server, "/", "{}"), 404, "POST /", "POST /model");
  }

  @Test
  void aWrongMethodIs405JsonNamingTheMethodsThePathTakes() throws Exception {
    HttpResponse<String> r = Http.get(server.port(), "/model");
    assertThat(r.headers().firstValue("Allow")).contains("POST");
    assertError(r, 405, "GET /model is not allowed", "/model takes POST", "GET /health");
    assertError(Http.post(server, "/health", "{}"), 405, "POST /health", "takes GET");
  }

  @Test
  void requestsJettyRefusesBeforeRoutingAreJsonToo() throws Exception {
    String notHttp = raw("HELLO THERE\r\n\r\n");
    assertThat(notHttp).startsWith("HTTP/1.1 505");
    assertThat(errorOf(notHttp)).contains("not valid HTTP", "POST /model");
    String hugeHeader =
        raw(
            "GET /health HTTP/1.1\r\nHost: x\r\nX-Big: "
                + "a".repeat(20_000)
                + "\r\nConnection: close\r\n\r\n");
    assertThat(hugeHeader).startsWith("HTTP/1.1 431");
    assertThat(errorOf(hugeHeader)).contains("431");
    String badContentType =
        raw(
            "POST /model HTTP/1.1\r\nHost: x\r\nContent-Type: application/json; charset=\"\r\n"
                + "Content-Length: 17\r\nConnection: close\r\n\r\n{\"sentences\": []}");
    assertThat(badContentType)
        .as(badContentType)
        .containsIgnoringCase("Content-Type: application/json");
    assertStillServes();
  }
}
