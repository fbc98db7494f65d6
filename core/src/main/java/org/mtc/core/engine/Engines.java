package org.mtc.core.engine;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import com.google.inject.multibindings.MapBinder;
import com.google.inject.Module;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import org.mtc.core.Backbone;
import org.mtc.core.MtcException;
import org.mtc.core.settings.DidYouMean;

/**
 * The one place that wires engines: every {@link EnginePlugin} on the classpath contributes its factory to a
 * Guice {@code MapBinder<String, BackboneFactory>}, and {@link #open} selects one by the engine name of the spec
 * ({@code mtc.backbone.engine}), opening only that engine. Immutable and thread-safe once built.
 */
public final class Engines {
  private final Map<String, BackboneFactory> factories;

  private Engines(Map<String, BackboneFactory> factories) {
    this.factories = Map.copyOf(factories);
  }

  /** Engines found by ServiceLoader on the classpath. */
  public static Engines discover() {
    List<Module> modules = new ArrayList<>();
    for (EnginePlugin p : ServiceLoader.load(EnginePlugin.class)) {
      modules.add(p.module());
    }
    return of(modules);
  }

  /** Engines from explicit plugin modules (tests, embedding applications). */
  public static Engines of(List<Module> engineModules) {
    List<Module> all = new ArrayList<>(engineModules);
    all.add(new AbstractModule() {
      @Override
      protected void configure() {
        MapBinder.newMapBinder(binder(), String.class, BackboneFactory.class); // present even when empty
      }
    });
    Injector injector = Guice.createInjector(all);
    return new Engines(injector.getInstance(Key.get(new TypeLiteral<Map<String, BackboneFactory>>() { })));
  }

  public Set<String> names() {
    return new TreeSet<>(factories.keySet());
  }

  /**
   * The factory registered as {@code engine}.
   *
   * @throws MtcException listing the known engines when there is none by that name
   */
  public BackboneFactory factory(String engine) {
    BackboneFactory f = factories.get(engine);
    if (f == null) {
      throw new MtcException("unknown engine '" + engine + "'" + DidYouMean.suggest(engine, factories.keySet())
          + "; engines on the classpath: " + (factories.isEmpty() ? "none" : String.join(", ", names()))
          + " (set mtc.backbone.engine or --engine)");
    }
    return f;
  }

  /** Opens a backbone on the engine the spec names. The caller owns and closes it. */
  public Backbone open(BackboneSpec spec) {
    return factory(spec.engine()).open(spec);
  }
}
