package org.mtc.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.mtc.core.Input;
import org.mtc.core.MtcException;
import org.mtc.tasks.predict.Prediction;

/**
 * Dynamic batching, the queue limit, the request timeout and shutdown, over HTTP with a slowed-down
 * model.
 */
class BatchingAndLifecycleTest {
  @Test
  void concurrentRequestsAreBatchedTogetherAndEachGetsItsOwnRowsInOrder() throws Exception {
    SlowClassifier slow = new SlowClassifier(Http.model().get(), 50);
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try (AnnotatorServer server =
        AnnotatorServer.start(() -> slow, Http.settings("max-delay = 200ms"))) {
      List<Future<JsonNode>> answers = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        int client = i;
        answers.add(
            pool.submit(
                () ->
                    Http.json(
                        Http.post(
                            server,
                            "/predict",
                            Http.body(
                                List.of(
                                    "client " + client + " first",
                                    "client " + client + " second",
                                    "client " + client + " third"))))));
      }
      for (int i = 0; i < 16; i++) {
        JsonNode rows = answers.get(i).get(60, TimeUnit.SECONDS);
        assertThat(rows).hasSize(3);
        assertThat(rows.get(0).get("text").asText()).isEqualTo("client " + i + " first");
        assertThat(rows.get(1).get("text").asText()).isEqualTo("client " + i + " second");
        assertThat(rows.get(2).get("text").asText()).isEqualTo("client " + i + " third");
      }
      assertThat(slow.calls.stream().mapToInt(Integer::intValue).max().orElse(0))
          .as("sentences of several requests in one model call")
          .isGreaterThan(3);
      String metrics = Http.get(server.port(), "/metrics").body();
      assertThat(metric(metrics, "mtc_serve_batch_size_sum"))
          .as("mean batch size above 1")
          .isGreaterThan(metric(metrics, "mtc_serve_batch_size_count"));
      assertThat(metric(metrics, "mtc_serve_sentences_total"))
          .isEqualTo(16 * 3 + 1); // + the warm-up
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void maxBatchOneTurnsBatchingOff() throws Exception {
    SlowClassifier slow = new SlowClassifier(Http.model().get(), 0);
    try (AnnotatorServer server =
        AnnotatorServer.start(() -> slow, Http.settings("max-batch = 1"))) {
      assertThat(
              Http.post(server, "/model", Http.body("sentences", List.of("a", "b", "c")))
                  .statusCode())
          .isEqualTo(200);
      assertThat(slow.calls).containsOnly(1);
    }
  }

  static double metric(String text, String name) {
    return text.lines()
        .filter(l -> l.startsWith(name + " "))
        .mapToDouble(l -> Double.parseDouble(l.split(" ")[1]))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no metric " + name + " in\n" + text));
  }

  @Test
  void aFullQueueIs503WithRetryAfter() throws Exception {
    SlowClassifier slow = new SlowClassifier(Http.model().get(), 300);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try (AnnotatorServer server =
        AnnotatorServer.start(
            () -> slow, Http.settings("max-batch = 1, queue-capacity = 2, max-sentences = 2"))) {
      List<Future<HttpResponse<String>>> answers = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        answers.add(
            pool.submit(
                () -> Http.post(server, "/model", Http.body("sentences", List.of("x", "y")))));
      }
      int busy = 0;
      for (Future<HttpResponse<String>> a : answers) {
        HttpResponse<String> r = a.get(60, TimeUnit.SECONDS);
        if (r.statusCode() == 503) {
          busy++;
          assertThat(r.headers().firstValue("Retry-After")).contains("1");
          assertThat(Http.json(r).get("error").asText()).contains("mtc.serve.queue-capacity");
        } else {
          assertThat(r.statusCode()).isIn(200, 504);
        }
      }
      assertThat(busy).isPositive();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aRequestThatWaitsLongerThanTheTimeoutIs504() throws Exception {
    SlowClassifier late =
        new SlowClassifier(Http.model().get(), 0) {
          @Override
          public List<Prediction> predict(List<Input> inputs) {
            if (!inputs.get(0).text().equals("a")) { // not the warm-up
              try {
                Thread.sleep(500);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            }
            return inner.predict(inputs);
          }
        };
    try (AnnotatorServer server =
        AnnotatorServer.start(() -> late, Http.settings("request-timeout = 100ms"))) {
      HttpResponse<String> r = Http.post(server, "/model", Http.body("sentences", List.of("slow")));
      assertThat(r.statusCode()).isEqualTo(504);
      assertThat(Http.json(r).get("error").asText()).contains("mtc.serve.request-timeout");
    }
  }

  @Test
  void closingAnswersTheRequestsInFlightThenRefusesConnectionsAndClosesTheModel() throws Exception {
    SlowClassifier slow = new SlowClassifier(Http.model().get(), 400);
    AnnotatorServer server = AnnotatorServer.start(() -> slow, Http.settings(""));
    int port = server.port();
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<HttpResponse<String>> inFlight =
          pool.submit(
              () -> Http.post(port, "/model", Http.body("sentences", List.of("in flight"))));
      for (int i = 0; i < 1000 && slow.calls.size() < 2; i++) { // the warm-up, then this request
        Thread.sleep(10);
      }
      assertThat(slow.calls).as("the request is with the model").hasSize(2);
      server.close();
      HttpResponse<String> r = inFlight.get(30, TimeUnit.SECONDS);
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      assertThat(Http.json(r)).hasSize(1);
      assertThat(slow.closed).isTrue();
      assertThatThrownBy(
              () -> Http.post(port, "/model", Http.body("sentences", List.of("after stop"))))
          .isInstanceOf(ConnectException.class);
    } finally {
      pool.shutdownNow();
      server.close();
    }
  }

  @Test
  void aShutdownThatOutlastsTheDrainTimeoutSaysHowManyRequestsItDropped() throws Exception {
    SlowClassifier slow =
        new SlowClassifier(Http.model().get(), 0) {
          @Override
          public List<Prediction> predict(List<Input> inputs) {
            if (!inputs.get(0).text().equals("a")) { // not the warm-up
              calls.add(inputs.size());
              try {
                Thread.sleep(3000);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            }
            return inner.predict(inputs);
          }
        };
    List<String> warnings = new CopyOnWriteArrayList<>();
    AnnotatorServer server =
        AnnotatorServer.start(
            () -> slow,
            Http.settings("drain-timeout = 100ms, max-batch = 1, " + "request-timeout = 30s"),
            warnings::add);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      pool.submit(
          () -> Http.post(server, "/model", Http.body("sentences", List.of("with the model"))));
      for (int i = 0; i < 1000 && slow.calls.isEmpty(); i++) {
        Thread.sleep(10);
      }
      pool.submit(
          () ->
              Http.post(server, "/model", Http.body("sentences", List.of("queued", "behind it"))));
      for (int i = 0;
          i < 1000 && server.metrics().render().contains("mtc_serve_queue_depth 0");
          i++) {
        Thread.sleep(10);
      }
      server.close();
      assertThat(warnings)
          .singleElement()
          .satisfies(
              line ->
                  assertThat(line)
                      .contains(
                          "2 requests were still in " + "flight after the drain timeout of 100 ms",
                          "(2 sentences waiting in the batcher)",
                          "mtc.serve.drain-timeout"));
    } finally {
      pool.shutdownNow();
      server.close();
    }
  }

  @Test
  void healthIsNotReadyUntilTheModelIsLoadedAndWarmedUpAndRequestsMeanwhileGet503()
      throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    CountDownLatch loading = new CountDownLatch(1);
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<AnnotatorServer> started =
          pool.submit(
              () ->
                  AnnotatorServer.start(
                      () -> {
                        try {
                          loading.await();
                        } catch (InterruptedException e) {
                          Thread.currentThread().interrupt();
                        }
                        return Http.model().get();
                      },
                      Http.settings("").withPort(port)));
      HttpResponse<String> health = null;
      for (int i = 0; i < 100 && health == null; i++) {
        try {
          health = Http.get(port, "/health");
        } catch (ConnectException e) {
          Thread.sleep(50);
        }
      }
      assertThat(health).isNotNull();
      assertThat(health.statusCode()).isEqualTo(503);
      assertThat(Http.json(health).get("status").asText()).isEqualTo("loading");
      HttpResponse<String> early =
          Http.post(port, "/model", Http.body("sentences", List.of("too early")));
      assertThat(early.statusCode()).isEqualTo(503);
      assertThat(early.headers().firstValue("Retry-After")).contains("1");
      loading.countDown();
      try (AnnotatorServer server = started.get(60, TimeUnit.SECONDS)) {
        assertThat(Http.get(port, "/health").statusCode()).isEqualTo(200);
        assertThat(Http.get(port, "/metrics").body())
            .contains("mtc_serve_sentences_total 1"); // the warm-up
      }
    } finally {
      loading.countDown();
      pool.shutdownNow();
    }
  }

  @Test
  void warmUpRoundsRunEveryBatchSizeUpToMaxBatchBeforeTheServerIsReady() throws Exception {
    SlowClassifier slow = new SlowClassifier(Http.model().get(), 0);
    try (AnnotatorServer server =
        AnnotatorServer.start(() -> slow, Http.settings("max-batch = 6, warm-up = 1ms"))) {
      assertThat(server.warmUpRounds()).isEqualTo(1);
      assertThat(slow.calls)
          .as("the warm-up request, then one round: 1, 2, 4 and max-batch sentences")
          .containsExactly(1, 1, 2, 4, 6);
      assertThat(Http.get(server.port(), "/health").statusCode()).isEqualTo(200);
    }
    assertThatThrownBy(() -> Http.settings("warm-up = -1s"))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining("warm-up");
  }
}
