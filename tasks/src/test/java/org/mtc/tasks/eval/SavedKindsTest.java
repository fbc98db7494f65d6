package org.mtc.tasks.eval;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mtc.core.LabelSpace;
import org.mtc.core.TaskKind;
import org.mtc.tasks.compare.Outcomes;

/**
 * Files written while the task kinds were an enum still read, and are written the same way: the dev
 * metrics of a resumable checkpoint ({@code state.json}) and the test outcomes of a bench run.
 */
class SavedKindsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void checkpointMetricsKeepTheEnumsSpellingAndReadBack() throws Exception {
    String saved =
        "{\"task\":\"s\",\"kind\":\"SINGLE_LABEL\",\"n\":4,\"accuracy\":0.5,\"macroF1\":0.25,"
            + "\"microF1\":0.5,\"perLabel\":{\"a\":{\"precision\":1.0,\"recall\":0.5,\"f1\":0.5,\"support\":2}}}";
    TaskMetrics read = JSON.readValue(saved, TaskMetrics.class);
    assertThat(read)
        .isEqualTo(
            new TaskMetrics(
                "s",
                TaskKind.SINGLE_LABEL,
                4,
                0.5,
                0.25,
                0.5,
                Map.of("a", new LabelScores(1.0, 0.5, 0.5, 2))));
    assertThat(JSON.readTree(JSON.writeValueAsString(read))).isEqualTo(JSON.readTree(saved));
    TaskMetrics multi =
        Metrics.multiLabel(
            "m",
            new LabelSpace("m", List.of("x", "y")),
            new boolean[][] {{true, false}},
            new boolean[][] {{true, true}});
    JsonNode tree = JSON.valueToTree(multi);
    assertThat(tree.get("kind").asText()).isEqualTo("MULTI_LABEL");
    assertThat(tree.has("extra")).isFalse();
    assertThat(JSON.treeToValue(tree, TaskMetrics.class)).isEqualTo(multi);
  }

  @Test
  void benchOutcomesKeepTheirFormat() throws Exception {
    String single =
        "{\"task\":\"s\",\"kind\":\"SINGLE_LABEL\",\"labels\":3,\"gold\":[0,2,1],\"predicted\":[0,1,1]}";
    String multi =
        "{\"task\":\"m\",\"kind\":\"MULTI_LABEL\",\"labels\":3,\"gold\":[[0,1],[]],\"predicted\":[[1],[]]}";
    for (String saved : List.of(single, multi)) {
      Outcomes read = Outcomes.fromJson(JSON.readTree(saved));
      assertThat(read.toJson()).isEqualTo(JSON.readTree(saved));
    }
    Outcomes s = Outcomes.fromJson(JSON.readTree(single));
    assertThat(s.kind()).isSameAs(TaskKind.SINGLE_LABEL);
    assertThat(s.accuracy(s.all())).isEqualTo(2.0 / 3);
    Outcomes m = Outcomes.fromJson(JSON.readTree(multi));
    assertThat(m.kind()).isSameAs(TaskKind.MULTI_LABEL);
    assertThat(m.macroF1(m.all()))
        .as("label 2, never seen, averaged in as multi-label does")
        .isEqualTo(1.0 / 3);
  }
}
