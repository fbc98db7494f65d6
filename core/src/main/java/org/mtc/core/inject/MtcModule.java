package org.mtc.core.inject;

import com.google.inject.AbstractModule;
import com.google.inject.Module;
import com.google.inject.multibindings.MapBinder;
import com.google.inject.multibindings.Multibinder;
import org.mtc.core.engine.BackboneFactory;
import org.mtc.core.engine.Importer;

/**
 * How a module joins mtc's object graph: a Guice module, found by {@link java.util.ServiceLoader}
 * from one line in the module jar's {@code META-INF/services/org.mtc.core.inject.MtcModule}, and
 * the only thing mtc finds that way. {@link Wiring} builds one injector from every such module. An
 * engine module binds its {@link BackboneFactory} under its engine name ({@link #bindEngine}) and
 * its {@link Importer}s ({@link #bindImporter}); other modules bind into the sets their owners
 * declare (the command line's {@code Subcommand}s). Subclasses need a public no-argument
 * constructor, do no I/O and bind no closeable singletons: whoever opens a backbone owns and closes
 * it.
 */
public abstract class MtcModule extends AbstractModule {
  /**
   * Adds {@code factory} to the map of backbone factories under {@code engine} ({@code
   * mtc.backbone.engine}).
   */
  protected final void bindEngine(String engine, Class<? extends BackboneFactory> factory) {
    MapBinder.newMapBinder(binder(), String.class, BackboneFactory.class)
        .addBinding(engine)
        .to(factory);
  }

  /** Adds {@code importer} to the set of importers ({@code mtc import}); Guice constructs it. */
  protected final void bindImporter(Class<? extends Importer> importer) {
    Multibinder.newSetBinder(binder(), Importer.class).addBinding().to(importer);
  }

  /**
   * A module binding only {@code factory} as engine {@code engine}: tests, and applications that
   * embed mtc.
   */
  public static Module engine(String engine, Class<? extends BackboneFactory> factory) {
    return new MtcModule() {
      @Override
      protected void configure() {
        bindEngine(engine, factory);
      }
    };
  }
}
