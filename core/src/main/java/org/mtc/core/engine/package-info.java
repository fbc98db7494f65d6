/**
 * How engines and importers are found and selected: {@link org.mtc.core.engine.EnginePlugin}s contribute
 * {@link org.mtc.core.engine.BackboneFactory}s to {@link org.mtc.core.engine.Engines} (Guice map binder,
 * {@code ServiceLoader}), {@link org.mtc.core.engine.BackboneSpec} says what to open, and
 * {@link org.mtc.core.engine.Importer}s found by {@link org.mtc.core.engine.Importers} make backbone directories for
 * {@code mtc import}. Plugins, factories and importers are stateless; the registries are immutable and thread-safe
 * once built; a backbone belongs to whoever opened it.
 */
package org.mtc.core.engine;
