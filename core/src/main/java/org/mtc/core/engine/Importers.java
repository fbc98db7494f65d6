package org.mtc.core.engine;

import jakarta.inject.Inject;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.mtc.core.MtcException;
import org.mtc.core.inject.Wiring;
import org.mtc.core.settings.DidYouMean;

/**
 * The importers of the graph ({@link Importer}s that the modules' {@link
 * org.mtc.core.inject.MtcModule}s bind into a Guice {@code Multibinder}), selectable by name or
 * alias. Components get it by injection; {@link #discover} is for code outside the graph. Immutable
 * and thread-safe.
 */
public final class Importers {
  private final Map<String, Importer> byName;
  private final Map<String, Importer> byNameOrAlias;

  /**
   * The importers the modules bound (Guice injects the set).
   *
   * @throws MtcException when two are named alike
   */
  @Inject
  public Importers(Set<Importer> importers) {
    this(List.copyOf(importers));
  }

  private Importers(List<Importer> importers) {
    Map<String, Importer> names = new TreeMap<>();
    Map<String, Importer> all = new LinkedHashMap<>();
    for (Importer i : importers) {
      if (names.putIfAbsent(i.name(), i) != null) {
        throw new MtcException(
            "two importers are named '"
                + i.name()
                + "': "
                + names.get(i.name()).getClass().getName()
                + " and "
                + i.getClass().getName()
                + "; remove one jar from the class path");
      }
      all.put(i.name(), i);
      for (String alias : i.aliases()) {
        all.putIfAbsent(alias, i);
      }
    }
    this.byName = Collections.unmodifiableMap(names);
    this.byNameOrAlias = Map.copyOf(all);
  }

  /**
   * The importers of the modules on the class path ({@link Wiring#discover}), for code outside the
   * graph.
   */
  public static Importers discover() {
    return Wiring.discover().get(Importers.class);
  }

  /** Importers from an explicit list (tests, embedding applications). */
  public static Importers of(List<Importer> importers) {
    return new Importers(importers);
  }

  /** Every importer, by name. */
  public Collection<Importer> all() {
    return byName.values();
  }

  /** The importer names, sorted. */
  public List<String> names() {
    return List.copyOf(byName.keySet());
  }

  /**
   * The importer called {@code name} (or with that alias).
   *
   * @throws MtcException listing the importers on the classpath when none is called so
   */
  public Importer find(String name) {
    Importer found = byNameOrAlias.get(name);
    if (found == null) {
      throw new MtcException(
          "unknown model '"
              + name
              + "'"
              + DidYouMean.suggest(name, byName.keySet())
              + "; mtc imports: "
              + (byName.isEmpty()
                  ? "none (no importer on the class path)"
                  : String.join(", ", byName.keySet())));
    }
    return found;
  }
}
