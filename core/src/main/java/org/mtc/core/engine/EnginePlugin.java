package org.mtc.core.engine;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.MapBinder;

/**
 * One engine's entry point, found by {@link java.util.ServiceLoader} from a
 * {@code META-INF/services/org.mtc.core.engine.EnginePlugin} line in the engine's jar. The plugin contributes
 * a Guice module that binds its {@link BackboneFactory} under its engine name; modules do no I/O and bind no
 * closeable singletons. Implementations are stateless and need a public no-argument constructor.
 */
public interface EnginePlugin {
  /** The name users select with {@code mtc.backbone.engine} ({@code djl}, {@code onnx}, {@code tf}). */
  String engine();

  /** Binds the factory; see {@link #bindFactory}. */
  com.google.inject.Module module();

  /** A module binding {@code factory} under {@code engine} in the map of backbone factories. */
  static com.google.inject.Module bindFactory(String engine, Class<? extends BackboneFactory> factory) {
    return new AbstractModule() {
      @Override
      protected void configure() {
        MapBinder.newMapBinder(binder(), String.class, BackboneFactory.class).addBinding(engine).to(factory);
      }
    };
  }
}
