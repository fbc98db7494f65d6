package org.mtc.tasks.compose;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.mtc.core.MtcException;
import org.mtc.core.io.StagedDirectory;
import org.mtc.tasks.model.TasksConf;

/**
 * The rules for the {@code --out} of a command that writes a composed model directory: never the
 * source model, inside it or around it (even through a link); never a file; an existing directory
 * only with {@code --overwrite}, and then only a model directory (one holding {@code tasks.conf}),
 * never a run directory, a data folder or anything else. Checked before anything is written.
 * Stateless.
 */
public final class ComposedOutput {
  private ComposedOutput() {}

  /**
   * Refuses {@code out} by the rules above.
   *
   * @param given the source model as given ({@code --model}, perhaps a run directory)
   * @param modelDir the model directory read from {@code given}
   * @throws MtcException naming {@code out} and the way out
   */
  public static void check(Path out, boolean overwrite, Path given, Path modelDir) {
    Path target = realPath(out);
    Path outermost = realPath(given);
    for (Path source : List.of(modelDir, given)) {
      Path real = realPath(source);
      if (target.startsWith(real)) {
        throw new MtcException(
            "--out "
                + out
                + (target.equals(real) ? " is" : " is inside")
                + " the source model "
                + source
                + "; a new model is written beside its source, never into it: choose e.g. --out "
                + outermost.resolveSibling(target.getFileName()));
      }
      if (real.startsWith(target)) {
        throw new MtcException(
            "--out "
                + out
                + " holds the source model "
                + source
                + "; writing there would delete the source: choose another --out");
      }
    }
    if (Files.isRegularFile(target)) {
      throw new MtcException(
          "--out "
              + out
              + " is a file and is never replaced; give the path of a new directory to write the "
              + "model into");
    }
    if (!StagedDirectory.nonEmpty(target)) {
      return;
    }
    if (!overwrite) {
      throw new MtcException(
          "--out "
              + out
              + " already exists; choose another --out, or add --overwrite to replace it "
              + "(only a model directory is ever replaced)");
    }
    if (!Files.isRegularFile(target.resolve(TasksConf.FILE))) {
      throw new MtcException(
          "--out "
              + out
              + " is not a model directory (it has no "
              + TasksConf.FILE
              + "), so it is never replaced, even with --overwrite; choose a new or empty directory");
    }
  }

  /**
   * {@code path} absolute, with its links resolved (its deepest existing folder's, when it does not
   * exist yet).
   */
  static Path realPath(Path path) {
    Path absolute = path.toAbsolutePath().normalize();
    Path existing = absolute;
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    try {
      return existing == null
          ? absolute
          : existing.toRealPath().resolve(existing.relativize(absolute));
    } catch (IOException e) {
      return absolute;
    }
  }
}
