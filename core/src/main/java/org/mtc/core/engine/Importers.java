package org.mtc.core.engine;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import org.mtc.core.MtcException;
import org.mtc.core.settings.DidYouMean;

/**
 * The importers on the classpath ({@link Importer}, found by {@link ServiceLoader} like {@link Engines} finds
 * engines), selectable by name or alias. Immutable and thread-safe once built.
 */
public final class Importers {
  private final Map<String, Importer> byName;
  private final Map<String, Importer> byNameOrAlias;

  private Importers(List<Importer> importers) {
    Map<String, Importer> names = new TreeMap<>();
    Map<String, Importer> all = new LinkedHashMap<>();
    for (Importer i : importers) {
      if (names.putIfAbsent(i.name(), i) != null) {
        throw new MtcException("two importers are named '" + i.name() + "': " + names.get(i.name()).getClass()
            .getName() + " and " + i.getClass().getName() + "; remove one jar from the class path");
      }
      all.put(i.name(), i);
      for (String alias : i.aliases()) {
        all.putIfAbsent(alias, i);
      }
    }
    this.byName = java.util.Collections.unmodifiableMap(names);
    this.byNameOrAlias = Map.copyOf(all);
  }

  /** Importers found by ServiceLoader on the classpath. */
  public static Importers discover() {
    List<Importer> found = new ArrayList<>();
    ServiceLoader.load(Importer.class).forEach(found::add);
    return of(found);
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
      throw new MtcException("unknown model '" + name + "'" + DidYouMean.suggest(name, byName.keySet())
          + "; mtc imports: " + (byName.isEmpty() ? "none (no importer on the class path)"
          : String.join(", ", byName.keySet())));
    }
    return found;
  }
}
