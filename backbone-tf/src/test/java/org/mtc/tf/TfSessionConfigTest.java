package org.mtc.tf;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mtc.core.settings.Settings;
import org.tensorflow.proto.ConfigProto;

/** {@code mtc.backbone.tf.spin} and {@code threads} reach TensorFlow's session configuration. */
class TfSessionConfigTest {
  @Test
  void tensorFlowsOwnSpinningByDefault() {
    var settings = Settings.load(List.of(), ConfigFactory.empty()).getConfig("mtc.backbone.tf");
    ConfigProto c = TfBackboneFactory.sessionConfig(settings);
    assertThat(c.getExperimental().getDisableThreadSpinning()).isFalse();
    assertThat(c.getIntraOpParallelismThreads()).isZero(); // TensorFlow's default: every core
  }

  @Test
  void spinAndThreadsCanBeSet() {
    ConfigProto c =
        TfBackboneFactory.sessionConfig(ConfigFactory.parseString("spin = false, threads = 2"));
    assertThat(c.getExperimental().getDisableThreadSpinning()).isTrue();
    assertThat(c.getIntraOpParallelismThreads()).isEqualTo(2);
    assertThat(c.getInterOpParallelismThreads()).isEqualTo(1);
  }
}
