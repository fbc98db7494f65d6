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
 * The bad inputs, over real HTTP on 127.0.0.1: each gets a 4xx with {"error": ...} naming the problem (never
 * a 200 with {}), and the server keeps answering after each.
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

  private static void assertError(HttpResponse<String> r, int status, String... mentions) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(Http.json(r).get("error").asText()).contains(mentions);
    assertStillServes();
  }

  private static void assertStillServes() throws Exception {
    HttpResponse<String> ok = Http.post(server, "/model", Http.body("sentences", List.of("still there?")));
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
    assertError(Http.post(server, "/model", "{\"sentences\": \"hello\"}"), 400, "'sentences'", "list");
    assertError(Http.post(server, "/model", "{\"sentences\": [\"a\", 3]}"), 400, "'sentences[1]'", "a number");
    assertError(Http.post(server, "/model", "{\"text\": \"a\"}"), 400, "missing field 'sentences'");
    assertError(Http.post(server, "/model", "[1, 2]"), 400, "JSON object");
    assertError(Http.post(server, "/model", "{\"sentences\": [\"a\"], \"sentences_with_history\": [\"a\", \"b\"]}"),
        400, "'sentences_with_history'");
    assertError(Http.post(server, "/batch_model", "{\"utterances_with_histories\": [\"a\"]}"), 400,
        "'utterances_with_histories[0]'");
    assertError(Http.post(server, "/batch_model", "{\"utterances_with_histories\": [[]]}"), 400, "empty list");
    assertError(Http.post(server, "/predict", "{\"texts\": [\"a\"]}"), 400, "/predict", "list");
  }

  @Test
  void anEmptyListIs200WithAnEmptyList() throws Exception {
    HttpResponse<String> r = Http.post(server, "/model", "{\"sentences\": []}");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("[]");
    HttpResponse<String> b = Http.post(server, "/batch_model", "{\"utterances_with_histories\": []}");
    assertThat(b.body()).isEqualTo("[{\"batch\":[]}]");
  }

  @Test
  void aTenMegabyteBodyIs413() throws Exception {
    String big = "{\"sentences\": [\"" + "a".repeat(10 * 1024 * 1024) + "\"]}";
    assertError(Http.post(server, "/model", big), 413, "mtc.serve.max-body-bytes");
  }

  @Test
  void tenThousandSentencesAre413() throws Exception {
    assertError(Http.post(server, "/model", Http.body("sentences", Collections.nCopies(10_000, "hi"))), 413,
        "10000 sentences", "mtc.serve.max-sentences");
  }

  @Test
  void aHundredThousandCharacterSentenceIsAnsweredTruncatedToTheModelsLength() throws Exception {
    HttpResponse<String> r = Http.post(server, "/model", Http.body("sentences", List.of("word ".repeat(20_000))));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(Http.json(r)).hasSize(1);
    assertThat(Http.json(r).get(0).has("emotion_classification")).isTrue();
  }

  @Test
  void aClientThatDisconnectsMidRequestLeavesTheServerServing() throws Exception {
    try (Socket s = new Socket("127.0.0.1", server.port())) {
      OutputStream out = s.getOutputStream();
      out.write(("POST /model HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
          + "Content-Length: 1000\r\n\r\n{\"sentences\": [\"half").getBytes(StandardCharsets.UTF_8));
      out.flush();
    }
    try (Socket s = new Socket("127.0.0.1", server.port())) { // the whole request, gone before the answer
      byte[] body = Http.body("sentences", Collections.nCopies(50, "gone before the answer"))
          .getBytes(StandardCharsets.UTF_8);
      OutputStream out = s.getOutputStream();
      out.write(("POST /model HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: "
          + body.length + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
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
      out.write(("POST /model HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 7\r\nConnection: close\r\n\r\n{oops}\n")
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
}
