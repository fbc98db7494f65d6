package org.mtc.tf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.mtc.core.MtcException;
import org.mtc.core.Pooling;
import org.mtc.core.io.AtomicFiles;
import org.mtc.core.io.FloatTensor;
import org.mtc.core.io.Safetensors;
import org.mtc.core.model.EncoderConfig;
import org.mtc.core.model.ModelDirectory;

/**
 * Writes a backbone as a Hugging Face layout directory ({@code model.safetensors}, {@code config.json},
 * {@code tokenizer.json}, pooling config) the way the DJL engine does: every file atomically (temp file + rename),
 * so a reader sees each file complete or not at all. Stateless.
 */
final class HfDirectoryWriter {
  private HfDirectoryWriter() {
  }

  static void write(Path target, Map<String, FloatTensor> weights, EncoderConfig config, Path tokenizer,
      Pooling pooling) {
    try {
      Files.createDirectories(target);
      Safetensors.write(target.resolve(ModelDirectory.WEIGHTS), weights, Map.of("format", "pt"));
      AtomicFiles.writeString(target.resolve(ModelDirectory.CONFIG), config.toJson());
      Path copy = target.resolve(ModelDirectory.TOKENIZER);
      if (!Files.exists(copy) || !Files.isSameFile(tokenizer, copy)) {
        byte[] bytes = Files.readAllBytes(tokenizer);
        AtomicFiles.write(copy, out -> out.write(bytes));
      }
      ModelDirectory.writePooling(target, pooling, config.hiddenSize());
    } catch (IOException e) {
      throw new MtcException("could not save the backbone to " + target + ": " + e.getMessage(), e);
    }
  }
}
