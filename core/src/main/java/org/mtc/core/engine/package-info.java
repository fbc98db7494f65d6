/**
 * How engines and importers are selected: the engine modules' {@link
 * org.mtc.core.inject.MtcModule}s bind {@link org.mtc.core.engine.BackboneFactory}s and {@link
 * org.mtc.core.engine.Importer}s into the graph that {@link org.mtc.core.inject.Wiring} builds,
 * {@link org.mtc.core.engine.Engines} and {@link org.mtc.core.engine.Importers} hold them by name,
 * and {@link org.mtc.core.engine.BackboneSpec} says what to open. Modules, factories and importers
 * are stateless; the registries are immutable and thread-safe once built; a backbone belongs to
 * whoever opened it.
 */
package org.mtc.core.engine;
