package org.mtc.bench.engines;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtc.core.engine.Engines;
import org.mtc.core.testing.TinyModelDirectory;

class TrainingBenchTest {
  @TempDir Path dir;

  @Test
  void everyTrainableEngineGetsARowAndInferenceOnlyOnesSayWhy() {
    Path tiny = TinyModelDirectory.create(dir.resolve("tiny"), "bert", 5);
    List<TrainingBench.Row> rows =
        new TrainingBench(Engines.discover())
            .run(tiny, List.of("a good day", "the bad film"), 4, List.of(8), 1, 10.0);
    assertThat(rows).extracting(TrainingBench.Row::engine).contains("djl", "tf", "onnx");
    for (TrainingBench.Row r : rows) {
      if (r.engine().equals("onnx")) {
        assertThat(r.note()).contains("inference only");
      } else {
        assertThat(r.examplesPerSecond()).as(r.engine()).isPositive();
        assertThat(r.note()).as("texts fill max-length").isEqualTo("32 tokens per batch");
      }
    }
    assertThat(TrainingBench.markdown(rows, 10.0, 4)).contains("| djl | 8 |");
  }
}
