package org.mtc.core.inject;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.typesafe.config.Config;
import org.mtc.core.engine.BackboneFactory;
import org.mtc.core.engine.Engines;

/**
 * Binds the merged settings and, from them, the selected engine: {@link BackboneFactory} is the
 * factory that {@code mtc.backbone.engine} names in the map of factories (Druid's PolyBind), looked
 * up when a component asks for it, so an unknown engine fails there with the list of known ones.
 */
final class SettingsModule extends AbstractModule {
  private final Config settings;

  SettingsModule(Config settings) {
    this.settings = settings;
  }

  @Override
  protected void configure() {
    bind(Config.class).toInstance(settings);
  }

  @Provides
  BackboneFactory selectedEngine(Engines engines) {
    return engines.factory(settings.getString("mtc.backbone.engine"));
  }
}
