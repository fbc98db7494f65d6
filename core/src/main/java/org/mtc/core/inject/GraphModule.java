package org.mtc.core.inject;

import com.google.inject.AbstractModule;
import com.google.inject.Singleton;
import com.google.inject.multibindings.MapBinder;
import com.google.inject.multibindings.Multibinder;
import org.mtc.core.engine.BackboneFactory;
import org.mtc.core.engine.Engines;
import org.mtc.core.engine.Importer;
import org.mtc.core.engine.Importers;

/**
 * What every graph holds whatever modules joined: the map of backbone factories and the set of
 * importers (present even when empty), and the one {@link Engines} and {@link Importers} made from
 * them.
 */
final class GraphModule extends AbstractModule {
  @Override
  protected void configure() {
    MapBinder.newMapBinder(binder(), String.class, BackboneFactory.class);
    Multibinder.newSetBinder(binder(), Importer.class);
    bind(Engines.class).in(Singleton.class);
    bind(Importers.class).in(Singleton.class);
  }
}
