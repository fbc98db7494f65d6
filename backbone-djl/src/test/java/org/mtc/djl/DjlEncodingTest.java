package org.mtc.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtc.core.Input;
import org.mtc.core.Pooling;
import org.mtc.core.engine.BackboneSpec;
import org.mtc.core.testing.TinyModelDirectory;

class DjlEncodingTest {
  @TempDir Path tmp;

  private static void assertClose(float[] actual, float[] expected, double tolerance) {
    assertThat(actual).hasSameSizeAs(expected);
    for (int i = 0; i < expected.length; i++) {
      assertThat((double) actual[i])
          .as("component %d", i)
          .isCloseTo(expected[i], within(tolerance));
    }
  }

  @Test
  void clsPoolsTheFirstTokenAndMeanPoolsRealTokensOnly() {
    Path dir = TinyModelDirectory.create(tmp.resolve("b"), "bert", 5);
    List<String> texts = List.of("good", "a very long sentence about the weather and music");
    try (DjlBackbone cls = TestSpecs.open(dir, Pooling.CLS);
        DjlBackbone mean = TestSpecs.open(dir, Pooling.MEAN)) {
      float[][][] hidden = cls.hiddenStates(Input.ofTexts(texts));
      long[][] ids = cls.tokenIds(texts);
      float[][] c = cls.encode(Input.ofTexts(texts));
      float[][] m = mean.encode(Input.ofTexts(texts));
      for (int t = 0; t < texts.size(); t++) {
        assertClose(c[t], hidden[t][0], 1e-5);
        float[] avg = new float[32];
        for (int i = 0; i < ids[t].length; i++) {
          for (int j = 0; j < 32; j++) {
            avg[j] += hidden[t][i][j] / ids[t].length;
          }
        }
        assertClose(m[t], avg, 1e-5);
      }
      assertThat(m[0]).isNotEqualTo(c[0]);
    }
  }

  @Test
  void paddingDoesNotChangeAText() {
    for (String type : List.of("bert", "distilbert")) {
      Path dir = TinyModelDirectory.create(tmp.resolve(type), type, 5);
      for (Pooling p : List.of(Pooling.CLS, Pooling.MEAN)) {
        try (DjlBackbone b = TestSpecs.open(dir, p)) {
          float[] alone = b.encode(Input.ofTexts(List.of("happy dog")))[0];
          float[][] batch =
              b.encode(
                  Input.ofTexts(
                      List.of("the old brown dog was not happy with the new book", "happy dog")));
          assertClose(batch[1], alone, 1e-5);
        }
      }
    }
  }

  @Test
  void emptyAndHugeTextsEncodeQuickly() {
    Path dir = TinyModelDirectory.create(tmp.resolve("e"), "bert", 5);
    String huge = "the quick brown fox jumps over the lazy dog ".repeat(2400); // ~106k characters
    assertThat(huge.length()).isGreaterThan(100_000);
    try (DjlBackbone b = TestSpecs.open(dir, Pooling.MEAN)) {
      assertThat(b.tokenIds(List.of(""))[0]).containsExactly(2, 3);
      long start = System.nanoTime();
      long[][] ids = b.tokenIds(List.of(huge));
      float[][] out = b.encode(Input.ofTexts(List.of("", huge, "x".repeat(100_000))));
      double seconds = (System.nanoTime() - start) / 1e9;
      assertThat(ids[0]).hasSize(32).startsWith(2).endsWith(3);
      assertThat(out).hasDimensions(3, 32);
      for (float[] row : out) {
        for (float v : row) {
          assertThat(v).isFinite();
        }
      }
      assertThat(seconds)
          .isLessThan(5.0); // generous: the machine is shared; uncut it would grow with the text
    }
  }

  @Test
  void maxLengthIsCappedByPositions() {
    Path dir =
        TinyModelDirectory.create(tmp.resolve("p"), "distilbert", 32, 1, 4, 64, 16, "gelu", 5);
    var spec = TestSpecs.spec(dir, Pooling.CLS);
    spec =
        new BackboneSpec(
            dir,
            "djl",
            Pooling.CLS,
            512,
            spec.fineTuning(),
            spec.optimizer(),
            0,
            1,
            spec.engineSettings());
    try (DjlBackbone b = TestSpecs.open(spec)) {
      assertThat(b.tokenIds(List.of("hello world ".repeat(50)))[0]).hasSize(16);
      assertThat(b.encode(Input.ofTexts(List.of("hello world ".repeat(50))))).hasDimensions(1, 32);
    }
  }

  @Test
  void theBackbonesTruncationAndPaddingWinOverTheTokenizerFile() throws Exception {
    Path dir = TinyModelDirectory.create(tmp.resolve("t"), "bert", 5);
    // MiniLM's tokenizer.json pads and truncates at 128 itself.
    ObjectMapper json = new ObjectMapper();
    ObjectNode root = (ObjectNode) json.readTree(Files.readString(dir.resolve("tokenizer.json")));
    root.set(
        "truncation",
        json.readTree(
            "{\"direction\":\"Right\",\"max_length\":128,\"strategy\":\"LongestFirst\",\"stride\":0}"));
    root.set(
        "padding",
        json.readTree(
            "{\"strategy\":{\"Fixed\":128},\"direction\":\"Right\","
                + "\"pad_to_multiple_of\":null,\"pad_id\":0,\"pad_type_id\":0,\"pad_token\":\"[PAD]\"}"));
    Files.writeString(dir.resolve("tokenizer.json"), json.writeValueAsString(root));
    try (DjlBackbone b = TestSpecs.open(dir, Pooling.MEAN)) {
      long[][] ids = b.tokenIds(List.of("hello", "good ".repeat(200)));
      assertThat(ids[0]).containsExactly(2, TinyModelDirectory.VOCAB.indexOf("hello"), 3);
      assertThat(ids[1]).hasSize(32);
    }
  }

  @Test
  void largeBatchesAreChunkedInInputOrder() {
    Path dir = TinyModelDirectory.create(tmp.resolve("c"), "distilbert", 5);
    List<String> texts = new ArrayList<>();
    String[] words = {"good", "bad", "movie", "film", "great", "music", "weather", "book"};
    for (int i = 0; i < 150; i++) {
      texts.add((words[i % 8] + " ").repeat(1 + i % 5) + words[(i / 8) % 8]);
    }
    try (DjlBackbone b = TestSpecs.open(dir, Pooling.MEAN)) {
      float[][] all = b.encode(Input.ofTexts(texts));
      assertThat(all).hasNumberOfRows(150);
      for (int i : new int[] {0, 63, 64, 99, 149}) {
        assertClose(all[i], b.encode(Input.ofTexts(List.of(texts.get(i))))[0], 1e-5);
      }
      assertThat(b.encode(List.of())).isEmpty();
    }
  }

  @Test
  void encodeIsThreadSafe() throws Exception {
    Path dir = TinyModelDirectory.create(tmp.resolve("th"), "bert", 5);
    List<String> texts = List.of("hello world", "the dog", "a sad movie about love");
    try (DjlBackbone b = TestSpecs.open(dir, Pooling.CLS)) {
      float[][] expected = b.encode(Input.ofTexts(texts));
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<Future<float[][]>> results = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
          results.add(pool.submit(() -> b.encode(Input.ofTexts(texts))));
        }
        for (Future<float[][]> f : results) {
          float[][] got = f.get();
          for (int t = 0; t < texts.size(); t++) {
            assertClose(got[t], expected[t], 1e-6);
          }
        }
      } finally {
        pool.shutdownNow();
      }
    }
  }
}
