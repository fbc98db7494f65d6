package org.mtc.parity;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mtc.core.Backbone;
import org.mtc.core.Pooling;
import org.mtc.core.testing.TinyModelDirectory;
import org.mtc.onnx.importer.MiniLmImporter;

/**
 * The onnx engine (encoder graph written from the directory's safetensors, run by ONNX Runtime)
 * against the djl engine on the same tiny random directories. Lives in parity-tests, the one module
 * that sees every engine, so that no engine module has a test dependency on another.
 */
class OnnxBackboneParityTest {
  @TempDir Path tmp;

  @ParameterizedTest(name = "{0} {1} {2} fused={3}")
  @CsvSource({
    "bert, cls, gelu, true",
    "bert, mean, gelu_new, true",
    "distilbert, cls, gelu_new, true",
    "distilbert, mean, gelu, true",
    "bert, cls, gelu, false",
    "bert, mean, gelu_new, false",
    "distilbert, cls, gelu_new, false",
    "distilbert, mean, gelu, false"
  })
  void pooledOutputsEqualDjlWithin1e4(String type, String pooling, String act, boolean fused) {
    Path dir = TinyModelDirectory.create(tmp.resolve(type), type, 32, 2, 4, 64, 64, act, 7);
    try (Backbone djl = EngineFixtures.open("djl", dir, pooling, "");
        Backbone onnx =
            EngineFixtures.open(
                "onnx",
                dir,
                pooling,
                "mtc.backbone.onnx { batch-size = 3, fused = " + fused + " }")) {
      assertThat(onnx.info().pooling()).isEqualTo(Pooling.valueOf(pooling.toUpperCase()));
      assertThat(onnx.info().parameterCount()).isEqualTo(djl.info().parameterCount());
      float[][] a = djl.encode(EngineFixtures.INPUTS);
      float[][] b = onnx.encode(EngineFixtures.INPUTS);
      assertThat(b).hasSameDimensionsAs(a);
      assertThat(EngineFixtures.maxAbsDiff(a, b)).isLessThan(1e-4);
      assertThat(onnx.trainable()).isFalse();
    }
  }

  /**
   * Real weights: all-MiniLM-L6-v2 imported from its Maven jar; also the original graph from that
   * jar.
   */
  @Test
  void miniLmOnOnnxEqualsDjlAndTheOriginalGraph() {
    Path dir = MiniLmImporter.importTo(tmp.resolve("minilm"));
    try (Backbone djl = EngineFixtures.open("djl", dir, "auto", "");
        Backbone onnx = EngineFixtures.open("onnx", dir, "auto", "");
        Backbone original =
            EngineFixtures.open("onnx", dir, "auto", "mtc.backbone.onnx.graph = minilm")) {
      assertThat(onnx.info().pooling()).isEqualTo(Pooling.MEAN);
      float[][] a = djl.encode(EngineFixtures.INPUTS);
      assertThat(EngineFixtures.maxAbsDiff(a, onnx.encode(EngineFixtures.INPUTS))).isLessThan(1e-4);
      assertThat(EngineFixtures.maxAbsDiff(a, original.encode(EngineFixtures.INPUTS)))
          .isLessThan(1e-4);
    }
  }

  @Test
  void eightThreadsGiveTheSameAnswersAsOne() throws Exception {
    Path dir = TinyModelDirectory.create(tmp.resolve("bert"), "bert", 7);
    try (Backbone onnx =
        EngineFixtures.open("onnx", dir, "mean", "mtc.backbone.onnx.batch-size = 2")) {
      float[][] single = onnx.encode(EngineFixtures.INPUTS);
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        List<Future<float[][]>> results = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
          results.add(
              pool.submit(
                  () -> {
                    float[][] last = null;
                    for (int r = 0; r < 10; r++) {
                      last = onnx.encode(EngineFixtures.INPUTS);
                    }
                    return last;
                  }));
        }
        for (Future<float[][]> f : results) {
          assertThat(f.get()).isDeepEqualTo(single);
        }
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  void savedDirectoryReopensWithTheSameOutputs() {
    Path dir = TinyModelDirectory.create(tmp.resolve("bert"), "bert", 5);
    try (Backbone onnx = EngineFixtures.open("onnx", dir, "cls", "")) {
      onnx.save(tmp.resolve("copy"));
      try (Backbone again = EngineFixtures.open("onnx", tmp.resolve("copy"), "auto", "")) {
        assertThat(again.info().pooling()).isEqualTo(Pooling.CLS);
        assertThat(again.encode(EngineFixtures.INPUTS))
            .isDeepEqualTo(onnx.encode(EngineFixtures.INPUTS));
      }
    }
  }
}
