package org.mtc.tokenizers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtc.core.AdamWSettings;
import org.mtc.core.BackboneInfo;
import org.mtc.core.FineTuning;
import org.mtc.core.Input;
import org.mtc.core.MtcException;
import org.mtc.core.Pooling;
import org.mtc.core.SentencePair;
import org.mtc.core.StepOutcome;
import org.mtc.core.TrainingPass;
import org.mtc.core.engine.BackboneSpec;
import org.mtc.core.testing.TinyModelDirectory;

/**
 * The part of an engine backbone every engine shares: directory, pooling, info, tokenizer and its
 * lifetime.
 */
class DirectoryBackboneTest {
  @TempDir Path tmp;

  /** A minimal engine: encodes nothing, counts 7 parameters. */
  static final class Fake extends DirectoryBackbone {
    Fake(BackboneSpec spec) {
      super("fake", "the fake backbone", spec);
      openTokenizer(spec);
    }

    @Override
    protected long parameterCount() {
      return 7;
    }

    @Override
    public float[][] encodeTokens(SentencePair.Batch rows) {
      return new float[0][];
    }

    @Override
    public float[][] encode(List<Input> inputs) {
      return new float[0][];
    }

    @Override
    public boolean trainable() {
      return false;
    }

    @Override
    public TrainingPass forwardForTraining(List<Input> inputs) {
      throw new UnsupportedOperationException();
    }

    @Override
    public StepOutcome applyGradients(double learningRate) {
      return StepOutcome.NOTHING;
    }

    @Override
    public void save(Path directory) {}

    @Override
    public void close() {
      lock.close(this::closeTokenizer);
    }
  }

  private BackboneSpec spec(int maxLength) {
    Path dir = TinyModelDirectory.create(tmp.resolve("m"), "bert", 1);
    return new BackboneSpec(
        dir,
        "fake",
        Pooling.AUTO,
        maxLength,
        FineTuning.FROZEN,
        AdamWSettings.DEEP_PAVLOV,
        0.0,
        1,
        ConfigFactory.empty());
  }

  @Test
  void infoComesFromTheDirectoryAndTheEngine() {
    try (Fake b = new Fake(spec(16))) {
      BackboneInfo info = b.info();
      assertThat(info.engine()).isEqualTo("fake");
      assertThat(info.modelType()).isEqualTo("bert");
      assertThat(info.hiddenSize()).isEqualTo(32);
      assertThat(info.layers()).isEqualTo(2);
      assertThat(info.maxPositions()).isEqualTo(64);
      assertThat(info.parameterCount()).isEqualTo(7);
      assertThat(info.pooling()).isEqualTo(b.pooling()).isNotEqualTo(Pooling.AUTO);
      assertThat(info.directory()).isEqualTo(tmp.resolve("m"));
    }
  }

  @Test
  void theTokenizerTruncatesAtTheSpecOrThePositionsWhicheverIsLess() {
    try (Fake short16 = new Fake(spec(16))) {
      assertThat(short16.tokenizer().maxLength()).isEqualTo(16);
    }
    try (Fake capped = new Fake(spec(500))) {
      assertThat(capped.tokenizer().maxLength()).isEqualTo(64);
    }
  }

  @Test
  void aClosedBackboneRefusesItsTokenizer() {
    Fake b = new Fake(spec(16));
    b.close();
    assertThatThrownBy(b::tokenizer)
        .isInstanceOf(MtcException.class)
        .hasMessageContaining("the fake backbone of");
  }
}
