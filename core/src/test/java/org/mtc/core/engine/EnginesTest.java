package org.mtc.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mtc.core.Backbone;
import org.mtc.core.inject.MtcModule;
import org.mtc.core.testing.HashingBackbone;

class EnginesTest {
  public static final class FakeFactory implements BackboneFactory {
    @Override
    public Backbone open(BackboneSpec spec) {
      return new HashingBackbone(4, 16, spec.seed(), false);
    }
  }

  @Test
  void selectsByNameAndListsKnownEnginesOnTypo() {
    Engines engines =
        Engines.of(
            List.of(
                MtcModule.engine("fake", FakeFactory.class),
                MtcModule.engine("djl-like", FakeFactory.class)));
    assertThat(engines.names()).containsExactly("djl-like", "fake");
    assertThat(engines.factory("fake")).isInstanceOf(FakeFactory.class);
    assertThatThrownBy(() -> engines.factory("fak"))
        .hasMessageContaining("unknown engine 'fak'")
        .hasMessageContaining("did you mean 'fake'")
        .hasMessageContaining("djl-like, fake");
  }

  public static final class FakePlugin extends MtcModule {
    @Override
    protected void configure() {
      bindEngine("fake", FakeFactory.class);
    }
  }

  @Test
  void aFactoryPluginBindsItsFactoryUnderItsName() {
    Engines engines = Engines.of(List.of(new FakePlugin()));
    assertThat(engines.names()).containsExactly("fake");
    assertThat(engines.factory("fake")).isInstanceOf(FakeFactory.class);
  }

  @Test
  void noEnginesIsAClearError() {
    assertThatThrownBy(() -> Engines.of(List.of()).factory("djl")).hasMessageContaining("none");
  }
}
