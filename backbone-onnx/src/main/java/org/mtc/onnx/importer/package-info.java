/**
 * Reading ONNX files and importing BERT-family encoders from them: {@link
 * org.mtc.onnx.importer.OnnxBertImporter} reads the architecture from a torch.onnx graph ({@link
 * org.mtc.onnx.importer.BertGraphArchitecture}), names its weights ({@link
 * org.mtc.onnx.importer.BertWeights}) and checks the result against ONNX Runtime ({@link
 * org.mtc.onnx.importer.ImportParity}); its subclasses are the {@code minilm} (also the default
 * backbone, imported once into the cache directory), {@code bge-small} and {@code e5-small} {@link
 * org.mtc.core.engine.Importer}s, whose jars {@link org.mtc.onnx.importer.MavenJar} finds on the
 * class path or in the local Maven repository. Stateless and thread-safe; imports stage beside the
 * target and rename into place.
 */
package org.mtc.onnx.importer;
