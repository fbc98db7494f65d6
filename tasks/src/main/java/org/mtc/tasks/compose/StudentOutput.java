package org.mtc.tasks.compose;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.mtc.core.MtcException;
import org.mtc.core.io.StagedDirectory;
import org.mtc.tasks.model.MultitaskModel;
import org.mtc.tasks.model.TasksConf;

/**
 * Writes a student trained from teachers ({@code tasks add --mode distill}, {@code tasks merge}) as
 * a new model directory: every file of the trained model (its encoder, heads, {@code tasks.conf},
 * {@code metrics.json} and the training's records) and the {@link Provenance} of the operation.
 * Staged beside {@code out} and renamed into place when complete, so a failure leaves nothing.
 * Stateless.
 */
final class StudentOutput {
  private StudentOutput() {}

  /**
   * @param trained the best model directory of the student's training
   * @return the new model's tasks, in output order
   * @throws MtcException when writing fails (nothing is written then)
   */
  static List<String> write(Path trained, Path out, boolean overwrite, Provenance record) {
    try (StagedDirectory staged = StagedDirectory.beside(out)) {
      Path dir = staged.path();
      CarriedFiles.copy(trained, dir);
      for (String file :
          List.of(TasksConf.FILE, MultitaskModel.HEADS_FILE, MultitaskModel.METRICS_FILE)) {
        if (Files.isRegularFile(trained.resolve(file))) {
          Files.copy(trained.resolve(file), dir.resolve(file));
        }
      }
      record.writeTo(dir);
      staged.publish(overwrite);
    } catch (IOException e) {
      throw new MtcException(
          "could not write " + out + ": " + e.getMessage() + " (nothing was written)", e);
    }
    return TasksConf.read(out.resolve(TasksConf.FILE)).names();
  }
}
