package org.mtc.bench.contention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtc.bench.experiment.NativeThreadEnv;
import org.mtc.core.MtcException;
import org.mtc.core.testing.TinyModelDirectory;

/**
 * The environment each configuration's JVM gets, variant parsing, the busy process's lifetime, and
 * one whole contention run on a tiny random BERT (onnx engine, a toy task): no timing assertions.
 */
class ContentionTest {
  @TempDir Path tmp;

  @Test
  void oldDjlDefaultsRemoveEveryWaitVariableAndNewOnesSetPassiveWaiting() {
    List<Variant> djl = Variant.builtIn("djl");
    Map<String, String> old =
        new HashMap<>(Map.of("OMP_WAIT_POLICY", "PASSIVE", "GOMP_SPINCOUNT", "5", "PATH", "/x"));
    ProbeJvm.environment(old, djl.get(0));
    assertThat(old)
        .doesNotContainKeys("OMP_WAIT_POLICY", "GOMP_SPINCOUNT", "KMP_BLOCKTIME")
        .containsEntry("PATH", "/x")
        .containsEntry("OPT_OUT_TRACKING", "true");

    Map<String, String> now = new HashMap<>(Map.of("OMP_WAIT_POLICY", "ACTIVE"));
    ProbeJvm.environment(now, djl.get(1));
    assertThat(now)
        .containsEntry("OMP_WAIT_POLICY", "PASSIVE")
        .containsEntry("OPT_OUT_TRACKING", "true");
  }

  @Test
  void onnxOldDefaultsTurnSpinningBackOnAndTfIsMeasuredWithout() {
    List<Variant> onnx = Variant.builtIn("onnx");
    assertThat(onnx.get(0).settings()).containsEntry("mtc.backbone.onnx.spin", "true");
    assertThat(onnx.get(1).settings()).isEmpty(); // the reference.conf default: spin = false
    List<Variant> tf = Variant.builtIn("tf");
    assertThat(tf.get(0).settings()).isEmpty();
    assertThat(tf.get(1).settings()).containsEntry("mtc.backbone.tf.spin", "false");
    assertThatThrownBy(() -> Variant.builtIn("mxnet"))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining("djl, onnx or tf");
  }

  @Test
  void childJvmDefaultsKeepAWaitVariableTheUserChose() {
    Map<String, String> env = new HashMap<>(Map.of("GOMP_SPINCOUNT", "10000"));
    NativeThreadEnv.applyDefaults(env);
    assertThat(env).containsEntry("GOMP_SPINCOUNT", "10000").doesNotContainKey("OMP_WAIT_POLICY");
    Map<String, String> empty = new HashMap<>();
    NativeThreadEnv.applyDefaults(empty);
    assertThat(empty).containsEntry("OMP_WAIT_POLICY", "PASSIVE");
    assertThat(NativeThreadEnv.describe(empty)).isEqualTo("OMP_WAIT_POLICY=PASSIVE");
    assertThat(NativeThreadEnv.describe(Map.of())).isEqualTo("(none)");
    Map<String, String> blank =
        new HashMap<>(Map.of("OMP_WAIT_POLICY", "")); // as bin/mtc: empty is unset
    NativeThreadEnv.applyDefaults(blank);
    assertThat(blank).containsEntry("OMP_WAIT_POLICY", "PASSIVE");
  }

  @Test
  void variantsParseEnvironmentAndSettings() {
    Variant v =
        Variant.parse(
            "one thread:djl:mtc.backbone.djl.threads=1,OMP_WAIT_POLICY=,GOMP_SPINCOUNT=1000");
    assertThat(v.name()).isEqualTo("one thread");
    assertThat(v.engine()).isEqualTo("djl");
    assertThat(v.settings()).containsExactlyEntriesOf(Map.of("mtc.backbone.djl.threads", "1"));
    assertThat(v.env())
        .containsEntry("OMP_WAIT_POLICY", "")
        .containsEntry("GOMP_SPINCOUNT", "1000");
    Map<String, String> env = new HashMap<>(Map.of("OMP_WAIT_POLICY", "PASSIVE"));
    ProbeJvm.environment(env, v);
    assertThat(env).doesNotContainKey("OMP_WAIT_POLICY").containsEntry("GOMP_SPINCOUNT", "1000");

    assertThat(Variant.parse("plain:onnx").env()).isEqualTo(NativeThreadEnv.DEFAULTS);
    assertThatThrownBy(() -> Variant.parse("djl")).hasMessageContaining("NAME:ENGINE");
    assertThatThrownBy(() -> Variant.parse("x:djl:threads")).hasMessageContaining("not KEY=VALUE");
    assertThatThrownBy(() -> Variant.parse("x:djl:threads=1")).hasMessageContaining("neither");
  }

  @Test
  void probeSettingsFreezeTheOnnxEncoderAndNeverEvaluate() {
    ProbePlan plan = plan("onnx", Path.of("b"), Path.of("t"), Path.of("d"), Path.of("x"));
    Config c = ContentionProbe.overrides(plan);
    assertThat(c.getString("mtc.backbone.trainable-layers")).isEqualTo("frozen");
    assertThat(c.getBoolean("mtc.backbone.onnx.spin")).isTrue();
    assertThat(c.getLong("mtc.train.max-steps")).isEqualTo(1 + 2 * 2 + 1);
    assertThat(c.getLong("mtc.train.eval-every")).isGreaterThan(c.getLong("mtc.train.max-steps"));
    assertThat(
            ContentionProbe.overrides(
                    plan("djl", Path.of("b"), Path.of("t"), Path.of("d"), Path.of("x")))
                .hasPath("mtc.backbone.trainable-layers"))
        .isFalse();
  }

  @Test
  void busyLoopSpinsUntilClosed() {
    BusyLoop loop = BusyLoop.start(60);
    try {
      assertThat(loop.alive()).isTrue();
      assertThat(ProcessHandle.of(loop.pid())).isPresent();
    } finally {
      loop.close();
    }
    assertThat(loop.alive()).isFalse();
    assertThatThrownBy(() -> BusyLoop.start(0)).hasMessageContaining("time limit");
  }

  @Test
  void wholeRunOnATinyModelReportsEveryPhase() throws IOException {
    Path backbone = TinyModelDirectory.create(tmp.resolve("tiny"), "bert", 3);
    Path data = tmp.resolve("data");
    List<String> rows = new ArrayList<>(List.of("text\tlabel"));
    for (int i = 0; i < 40; i++) {
      rows.add(
          (i % 2 == 0 ? "not had the water" : "all can of word")
              + " "
              + i
              + "\t"
              + (i % 2 == 0 ? "neg" : "pos"));
    }
    Files.createDirectories(data.resolve("toy"));
    Files.write(data.resolve("toy").resolve("train.tsv"), rows);
    Files.write(data.resolve("toy").resolve("dev.tsv"), rows.subList(0, 11));
    Path tasks =
        Files.writeString(
            tmp.resolve("tasks.conf"),
            "mtc.tasks { toy { data = toy } }\n" + "mtc.train.batch-size = 4\n");
    Path texts = Files.write(tmp.resolve("texts.tsv"), rows.subList(0, 21)); // header + 20 texts
    List<String> lines = new ArrayList<>();
    ContentionBench.Report r =
        new ContentionBench(List.of("-Xmx512m"), 180, tmp.resolve("logs"), lines::add)
            .run(List.of(Variant.parse("tiny:onnx")), plan("onnx", backbone, tasks, data, texts));

    assertThat(r.rows()).hasSize(1);
    ContentionBench.Row row = r.rows().get(0);
    assertThat(row.error()).isNull();
    assertThat(row.waitEnv()).isEqualTo("OMP_WAIT_POLICY=PASSIVE");
    assertThat(row.predictAlone().items()).isEqualTo(20);
    assertThat(row.predictBusy().items()).isEqualTo(20);
    assertThat(row.trainAlone().items()).isEqualTo(2 * 4);
    assertThat(row.trainBusy().items()).isEqualTo(2 * 4);
    assertThat(List.of(row.predictRatio(), row.trainRatio()))
        .allSatisfy(x -> assertThat(x).isPositive());
    String md = ContentionReport.markdown(r);
    assertThat(md).contains("| tiny |", "busy/alone");
    ContentionReport.write(r, md, tmp.resolve("out"));
    assertThat(tmp.resolve("out").resolve("contention.json"))
        .content()
        .contains("\"predictAlone\"");
    assertThat(lines).anyMatch(l -> l.contains("predict"));
  }

  private static ProbePlan plan(String engine, Path backbone, Path tasks, Path data, Path texts) {
    return new ProbePlan(
        engine,
        backbone.toString(),
        tasks.toString(),
        List.of("toy"),
        data.toString(),
        texts.toString(),
        20,
        8,
        1,
        2,
        40,
        1,
        60,
        engine.equals("onnx") ? Map.of("mtc.backbone.onnx.spin", "true") : Map.of());
  }
}
