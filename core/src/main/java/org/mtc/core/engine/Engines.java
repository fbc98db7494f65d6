package org.mtc.core.engine;

import com.google.inject.Module;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.mtc.core.Backbone;
import org.mtc.core.MtcException;
import org.mtc.core.inject.Wiring;
import org.mtc.core.settings.DidYouMean;

/**
 * The engines of the graph: the map of {@link BackboneFactory}s by engine name that the engine
 * modules' {@link org.mtc.core.inject.MtcModule}s bind (Guice {@code MapBinder}), and {@link
 * #open}, which selects one by the engine name of the spec ({@code mtc.backbone.engine}), opening
 * only that engine. Components get it by injection; {@link #discover} is for code outside the
 * graph. Immutable and thread-safe.
 */
public final class Engines {
  private final Map<String, BackboneFactory> factories;

  /** The engines {@code factories} names (Guice injects the map the modules bound). */
  @Inject
  public Engines(Map<String, BackboneFactory> factories) {
    this.factories = Map.copyOf(factories);
  }

  /**
   * The engines of the modules on the class path ({@link Wiring#discover}), for code outside the
   * graph.
   */
  public static Engines discover() {
    return Wiring.discover().get(Engines.class);
  }

  /** The engines of exactly {@code engineModules} (tests, embedding applications). */
  public static Engines of(List<? extends Module> engineModules) {
    return Wiring.of(engineModules).get(Engines.class);
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
      throw new MtcException(
          "unknown engine '"
              + engine
              + "'"
              + DidYouMean.suggest(engine, factories.keySet())
              + "; engines on the classpath: "
              + (factories.isEmpty() ? "none" : String.join(", ", names()))
              + " (set mtc.backbone.engine or --engine)");
    }
    return f;
  }

  /** Opens a backbone on the engine the spec names. The caller owns and closes it. */
  public Backbone open(BackboneSpec spec) {
    return factory(spec.engine()).open(spec);
  }
}
