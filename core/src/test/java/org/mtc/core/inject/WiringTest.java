package org.mtc.core.inject;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtc.core.Backbone;
import org.mtc.core.MtcException;
import org.mtc.core.engine.BackboneFactory;
import org.mtc.core.engine.BackboneSpec;
import org.mtc.core.engine.Engines;
import org.mtc.core.engine.ImportRequest;
import org.mtc.core.engine.Importer;
import org.mtc.core.engine.Importers;

/**
 * The graph: modules found by ServiceLoader, one injector, components that get what they need by
 * constructor.
 */
class WiringTest {
  @TempDir Path tmp;

  /** Two factory classes, so that the selected engine can be told from the other. */
  public static class FakeFactory implements BackboneFactory {
    @Override
    public Backbone open(BackboneSpec spec) {
      throw new UnsupportedOperationException("never opened here");
    }
  }

  public static final class OtherFactory extends FakeFactory {}

  public static class FakeImporter implements Importer {
    @Override
    public String name() {
      return "fake-import";
    }

    @Override
    public String description() {
      return "a fake import";
    }

    @Override
    public Path importTo(ImportRequest request) {
      return request.out();
    }
  }

  /** Named like {@link FakeImporter}: two such importers are refused. */
  public static final class TwinImporter extends FakeImporter {}

  /** A test engine module, as an engine jar ships one: an engine and an importer. */
  public static final class FakeEngineModule extends MtcModule {
    @Override
    protected void configure() {
      bindEngine("fake", FakeFactory.class);
      bindEngine("other", OtherFactory.class);
      bindImporter(FakeImporter.class);
    }
  }

  /** A component that takes the selected engine, the settings and the importers by constructor. */
  static final class NeedsEngine {
    final BackboneFactory engine;
    final Config settings;
    final Importers importers;

    @Inject
    NeedsEngine(BackboneFactory engine, Config settings, Importers importers) {
      this.engine = engine;
      this.settings = settings;
      this.importers = importers;
    }
  }

  private static Config engine(String name) {
    return ConfigFactory.parseMap(Map.of("mtc.backbone.engine", name));
  }

  @Test
  void aModuleListedInMetaInfServicesJoinsTheGraph() throws IOException {
    Path services = Files.createDirectories(tmp.resolve("META-INF/services"));
    Files.writeString(
        services.resolve(MtcModule.class.getName()), FakeEngineModule.class.getName() + "\n");
    try (URLClassLoader loader =
        new URLClassLoader(new URL[] {tmp.toUri().toURL()}, getClass().getClassLoader())) {
      Wiring wiring = Wiring.discover(loader);
      assertThat(wiring.get(Engines.class).names()).containsExactly("fake", "other");
      assertThat(wiring.get(Importers.class).names()).containsExactly("fake-import");
      assertThat(wiring.get(Engines.class)).isSameAs(wiring.get(Engines.class)); // one per graph
    }
  }

  @Test
  void aComponentGetsTheSelectedEngineTheSettingsAndTheImportersByConstructor() {
    Wiring wiring = Wiring.of(List.of(new FakeEngineModule()));
    Config settings = engine("other");
    NeedsEngine component = wiring.withSettings(settings).get(NeedsEngine.class);
    assertThat(component.engine).isInstanceOf(OtherFactory.class);
    assertThat(component.settings).isSameAs(settings);
    assertThat(component.importers)
        .isSameAs(wiring.get(Importers.class)); // the settings share the one graph
    assertThat(wiring.withSettings(engine("fake")).get(NeedsEngine.class).engine)
        .isExactlyInstanceOf(FakeFactory.class);
  }

  @Test
  void anUnknownEngineIsTheEnginesOwnOneLineErrorNotGuicesReport() {
    Wiring settled = Wiring.of(List.of(new FakeEngineModule())).withSettings(engine("fak"));
    assertThatThrownBy(() -> settled.get(NeedsEngine.class))
        .isExactlyInstanceOf(MtcException.class)
        .hasMessage(
            "unknown engine 'fak'; did you mean 'fake'?; engines on the classpath: fake, other (set "
                + "mtc.backbone.engine or --engine)");
  }

  @Test
  void twoImportersNamedAlikeAreRefusedInTheImportersWords() {
    Wiring wiring =
        Wiring.of(
            List.of(
                new FakeEngineModule(),
                new MtcModule() {
                  @Override
                  protected void configure() {
                    bindImporter(TwinImporter.class);
                  }
                }));
    assertThatThrownBy(() -> wiring.get(Importers.class))
        .isExactlyInstanceOf(MtcException.class)
        .hasMessageContaining("two importers are named 'fake-import'");
  }

  @Test
  void twoModulesBindingOneEngineNameAreOneLineNamingTheName() {
    assertThatThrownBy(
            () ->
                Wiring.of(
                    List.of(new FakeEngineModule(), MtcModule.engine("fake", OtherFactory.class))))
        .isExactlyInstanceOf(MtcException.class)
        .hasMessageContaining("do not fit together")
        .hasMessageContaining("Duplicate key \"fake\"")
        .hasMessageContaining(FakeEngineModule.class.getName())
        .hasMessageContaining("remove or rebuild")
        .hasMessageNotContaining("\n");
  }

  @Test
  void aListedModuleThatCannotBeLoadedIsOneLineNamingIt() throws IOException {
    Path services = Files.createDirectories(tmp.resolve("META-INF/services"));
    Files.writeString(services.resolve(MtcModule.class.getName()), "org.mtc.gone.GoneModule\n");
    try (URLClassLoader loader =
        new URLClassLoader(new URL[] {tmp.toUri().toURL()}, getClass().getClassLoader())) {
      assertThatThrownBy(() -> Wiring.discover(loader))
          .isExactlyInstanceOf(MtcException.class)
          .hasMessageContaining("org.mtc.gone.GoneModule")
          .hasMessageContaining("stale or broken");
    }
  }

  @Test
  void aGraphWithoutModulesHasNoEnginesAndNoImporters() {
    Wiring empty = Wiring.of(List.of());
    assertThat(empty.get(Engines.class).names()).isEmpty();
    assertThat(empty.get(Importers.class).names()).isEmpty();
  }
}
