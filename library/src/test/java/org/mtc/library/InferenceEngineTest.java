package org.mtc.library;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mtc.core.settings.Settings;

/**
 * Which engine a model directory predicts on: mtc.inference.engine (onnx) unless an engine is named
 * or the user set mtc.backbone.engine; djl, with one note, where the inference engine is absent.
 * Training keeps mtc.backbone.engine's default, djl.
 */
class InferenceEngineTest {
  private static Config settings(String user) {
    return Settings.load(List.of(), ConfigFactory.parseString(user));
  }

  @Test
  void aModelDirectoryPredictsOnOnnxUnlessAnEngineIsNamedOrSet() {
    Set<String> all = Set.of("djl", "onnx", "tf");
    Config defaults = settings("");
    assertThat(defaults.getString("mtc.backbone.engine")).as("training's engine").isEqualTo("djl");
    assertThat(engine(InferenceEngine.choose(defaults, false, all, n -> {}))).isEqualTo("onnx");
    assertThat(engine(InferenceEngine.choose(defaults, true, all, n -> {})))
        .as("an engine named with MtcOptions.engine or --engine")
        .isEqualTo("djl");
    Config userTf = settings("mtc.backbone.engine = tf");
    assertThat(engine(InferenceEngine.choose(userTf, false, all, n -> {})))
        .as("mtc.backbone.engine set by the user")
        .isEqualTo("tf");
    Config inferenceDjl = settings("mtc.inference.engine = djl");
    assertThat(engine(InferenceEngine.choose(inferenceDjl, false, all, n -> {}))).isEqualTo("djl");
    assertThat(Mtc.engineFor(Path.of("no-such-dir"), defaults)).isEqualTo("onnx");
  }

  @Test
  void withoutTheOnnxModuleDjlRunsTheModelAndSaysSo() {
    List<String> notes = new ArrayList<>();
    InferenceEngine.forgetNote();
    Config chosen = InferenceEngine.choose(settings(""), false, Set.of("djl"), notes::add);
    assertThat(engine(chosen)).isEqualTo("djl");
    InferenceEngine.choose(settings(""), false, Set.of("djl"), notes::add);
    assertThat(notes)
        .as("said once per JVM")
        .hasSize(1)
        .allSatisfy(n -> assertThat(n).contains("mtc.inference.engine", "djl"));
  }

  private static String engine(Config c) {
    return c.getString("mtc.backbone.engine");
  }
}
