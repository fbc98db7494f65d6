package org.mtc.djl;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.pytorch.jni.JniUtils;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtc.core.FineTuning;
import org.mtc.core.Input;
import org.mtc.core.Pooling;
import org.mtc.core.engine.BackboneSpec;
import org.mtc.core.testing.TinyModelDirectory;

/** {@code mtc.backbone.djl.threads = 0} means one intra-op thread per processor the JVM may use. */
class DjlThreadsTest {
  @TempDir Path tmp;

  @Test
  void defaultIsTheAvailableProcessorsCappedByLibtorchsOwnCount() {
    int available = Runtime.getRuntime().availableProcessors();
    assertThat(DjlBackboneFactory.defaultThreads(1000)).isEqualTo(available);
    assertThat(DjlBackboneFactory.defaultThreads(1)).isEqualTo(1);
    assertThat(DjlBackboneFactory.defaultThreads(0))
        .isEqualTo(available); // libtorch's count unknown
  }

  @Test
  void openingWithZeroThreadsSetsTheDefaultAndAPositiveSettingWins() {
    Path dir = TinyModelDirectory.create(tmp.resolve("bert"), "bert", 5);
    try (DjlBackbone b = TestSpecs.open(spec(dir, "threads = 1"))) {
      assertThat(JniUtils.getNumThreads()).isEqualTo(1);
      assertThat(b.encode(Input.ofTexts(List.of("hello")))).hasDimensions(1, 32);
    }
    try (DjlBackbone b =
        TestSpecs.open(spec(dir, "threads = 0"))) { // not stuck at the 1 set before
      assertThat(JniUtils.getNumThreads())
          .isEqualTo(DjlBackboneFactory.defaultThreads(DjlBackboneFactory.libtorchDefault()));
      assertThat(JniUtils.getNumThreads()).isBetween(1, Runtime.getRuntime().availableProcessors());
    }
  }

  private static BackboneSpec spec(Path dir, String engineSettings) {
    return new BackboneSpec(
        dir,
        "djl",
        Pooling.CLS,
        32,
        FineTuning.FULL,
        TestSpecs.ADAM,
        0.0,
        42,
        ConfigFactory.parseString(engineSettings));
  }
}
