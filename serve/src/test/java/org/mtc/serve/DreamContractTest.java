package org.mtc.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mtc.core.TaskKind;
import org.mtc.tasks.predict.TaskPrediction;

/**
 * DREAM's own test.py cases (annotators/combined_classification/test.py), in its input format, over
 * HTTP: every answer is in DREAM's output format under the DREAM task names of the task set, with
 * two-decimal probabilities and the toxic rule; /batch_model agrees with /model as test.py checks.
 * Which labels win depends on the (random) model, so only the format and the rules are checked.
 */
class DreamContractTest {
  private static AnnotatorServer server;

  @BeforeAll
  static void start() {
    server = AnnotatorServer.start(Http.model(), Http.settings(""));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** test.py's configs: sentences, and sentences_with_history where it gives one. */
  private static List<Map<String, List<String>>> testPyCases() {
    List<Map<String, List<String>>> cases = new ArrayList<>();
    cases.add(Map.of("sentences", List.of("do you like porn")));
    cases.add(Map.of("sentences", List.of("let's talk about movies", "do you like porn")));
    cases.add(Map.of("sentences", List.of("let's talk about games", "do you like watching films")));
    cases.add(
        Map.of(
            "sentences_with_history",
            List.of("What is the capital of Great Britain [SEP] I don't know"),
            "sentences",
            List.of("I don't know")));
    cases.add(
        Map.of(
            "sentences",
            List.of("how do I empty my DNS cache?", "which do you prefer?", "where is montreal")));
    cases.add(Map.of("sentences", List.of("i love you", "i hate you", "It is now")));
    cases.add(Map.of("sentences", List.of("why you are such a fool")));
    cases.add(
        Map.of(
            "sentences_with_history",
            List.of("this is the best dog [SEP] so what you think"),
            "sentences",
            List.of("so what you think")));
    cases.add(Map.of("sentences", List.of("please talk about movies", "talk about games")));
    cases.add(Map.of("sentences", List.of("you son of the bitch", "yes", "do you like porn")));
    return cases;
  }

  @Test
  void testPyCasesAreAnsweredInDreamsFormatAndBatchModelAgreesWithModel() throws Exception {
    for (Map<String, List<String>> c : testPyCases()) {
      List<String> sentences = c.get("sentences");
      List<String> histories = c.getOrDefault("sentences_with_history", sentences);
      Map<String, Object> request = new LinkedHashMap<>(c);
      List<List<String>> utterances = histories.stream().map(List::of).toList();
      request.put("utterances_with_histories", utterances);
      HttpResponse<String> model = Http.post(server, "/model", Http.body(request));
      HttpResponse<String> batch = Http.post(server, "/batch_model", Http.body(request));
      assertThat(model.statusCode()).as(model.body()).isEqualTo(200);
      assertThat(batch.statusCode()).as(batch.body()).isEqualTo(200);
      JsonNode answers = Http.json(model);
      assertThat(answers.isArray()).isTrue();
      assertThat(answers).hasSize(sentences.size());
      for (JsonNode answer : answers) {
        assertDreamObject(answer);
      }
      JsonNode batched = Http.json(batch);
      assertThat(batched).hasSize(1);
      assertThat(batched.get(0).get("batch")).hasSize(sentences.size());
      // test.py: batch_responses[0]["batch"][0]["toxic_classification"] ==
      // responses[0]["toxic_classification"]
      assertThat(batched.get(0).get("batch").get(0).get("toxic_classification"))
          .isEqualTo(answers.get(0).get("toxic_classification"));
      assertThat(batched.get(0).get("batch")).isEqualTo(answers);
    }
  }

  private static void assertDreamObject(JsonNode answer) {
    List<String> tasks = new ArrayList<>();
    answer.fieldNames().forEachRemaining(tasks::add);
    assertThat(tasks)
        .as(
            "DREAM names from the task set, all of a task's in order; a task without one keeps its own")
        .containsExactly(
            "emotion_classification",
            "mood_classification",
            "toxic_classification",
            "midas_classification",
            "tags");
    assertThat(fieldNames(answer.get("emotion_classification"))).containsExactly("anger", "joy");
    assertThat(answer.get("mood_classification"))
        .as("a task with two DREAM names answers the same under both")
        .isEqualTo(answer.get("emotion_classification"));
    JsonNode toxic = answer.get("toxic_classification");
    assertThat(fieldNames(toxic)).containsExactly("toxic", "not_toxic");
    for (JsonNode task : answer) {
      for (JsonNode p : task) {
        assertThat(p.isNumber()).isTrue();
        assertThat(p.asDouble() * 100)
            .as("two decimals, as DREAM rounds")
            .isCloseTo(Math.rint(p.asDouble() * 100), within(1e-6));
      }
    }
    double notToxic = toxic.get("not_toxic").asDouble();
    assertThat(notToxic == 0.0 || notToxic >= 0.5)
        .as("toxic rule: not_toxic below 0.5 becomes 0")
        .isTrue();
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      names.add(it.next());
    }
    return names;
  }

  @Test
  void theHistoryGivesTheSentenceItsPreviousUtteranceAsContext() throws Exception {
    JsonNode dream =
        Http.json(
            Http.post(
                server,
                "/model",
                Http.body(
                    Map.of(
                        "sentences",
                        List.of("so what you think"),
                        "sentences_with_history",
                        List.of("hello [SEP] this is the best dog [SEP] so what you think")))));
    JsonNode own =
        Http.json(
            Http.post(
                server,
                "/predict",
                Http.body(
                    List.of(
                        Map.of("text", "so what you think", "context", "this is the best dog")))));
    JsonNode alone =
        Http.json(Http.post(server, "/predict", Http.body(List.of("so what you think"))));
    assertThat(own.get(0).get("context").asText()).isEqualTo("this is the best dog");
    double paired = own.get(0).get("tasks").get("reply").get("probs").get("pos_answer").asDouble();
    assertThat(dream.get(0).get("midas_classification").get("pos_answer").asDouble())
        .isCloseTo(Math.round(paired * 100) / 100.0, within(1e-9));
    assertThat(alone.get(0).get("tasks").get("reply").get("probs").get("pos_answer").asDouble())
        .as("without its context the pair task reads the text alone")
        .isNotEqualTo(paired);
  }

  @Test
  void predictAnswersInMtcPredictsJson() throws Exception {
    HttpResponse<String> r =
        Http.post(
            server,
            "/predict",
            Http.body(List.of("a good day", Map.of("text", "yes", "context", "do you like it?"))));
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode rows = Http.json(r);
    assertThat(rows).hasSize(2);
    assertThat(rows.get(0).get("text").asText()).isEqualTo("a good day");
    assertThat(rows.get(0).has("context")).isFalse();
    assertThat(rows.get(0).get("tasks").get("mood").get("label").asText()).isIn("anger", "joy");
    assertThat(rows.get(0).get("tasks").get("tags").get("labels").isArray()).isTrue();
    assertThat(rows.get(1).get("context").asText()).isEqualTo("do you like it?");
  }

  @Test
  void theToxicRuleZeroesNotToxicBelowOneHalfAndRenormalisesTheRest() {
    Map<String, Float> probs = new LinkedHashMap<>();
    probs.put("insult", 0.3f);
    probs.put("toxic", 0.3f);
    probs.put("not_toxic", 0.4f);
    TaskPrediction p =
        new TaskPrediction("toxic", TaskKind.SINGLE_LABEL, List.of("not_toxic"), probs);
    assertThat(DreamFormat.probabilities(List.of("toxic_classification"), p))
        .containsExactly(
            Map.entry("insult", 0.5), Map.entry("toxic", 0.5), Map.entry("not_toxic", 0.0));
    assertThat(DreamFormat.probabilities(List.of("sentiment_classification"), p))
        .as("only toxic tasks")
        .containsEntry("not_toxic", 0.4);
    probs.put("not_toxic", 0.6f);
    probs.put("toxic", 0.1f);
    TaskPrediction clean =
        new TaskPrediction("toxic", TaskKind.SINGLE_LABEL, List.of("not_toxic"), probs);
    assertThat(DreamFormat.probabilities(List.of("toxic_classification"), clean))
        .containsEntry("not_toxic", 0.6)
        .containsEntry("toxic", 0.1);
  }

  @Test
  void healthIsReadyAndMetricsAreInPrometheusTextFormat() throws Exception {
    HttpResponse<String> health = Http.get(server.port(), "/health");
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(Http.json(health).get("status").asText()).isEqualTo("ready");
    Http.post(server, "/model", Http.body("sentences", List.of("hi")));
    HttpResponse<String> metrics = Http.get(server.port(), "/metrics");
    assertThat(metrics.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
    assertThat(metrics.body())
        .contains(
            "# TYPE mtc_serve_requests_total counter",
            "mtc_serve_requests_total{endpoint=\"/model\",status=\"200\"}",
            "# TYPE mtc_serve_request_seconds histogram",
            "mtc_serve_request_seconds_bucket{endpoint=\"/model\",le=\"+Inf\"}",
            "mtc_serve_batch_size_bucket{le=\"32\"}",
            "mtc_serve_queue_depth 0",
            "process_resident_memory_bytes ",
            "mtc_serve_errors_total");
  }
}
