package org.mtc.tasks.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.mtc.core.MtcException;
import org.mtc.core.io.AtomicFiles;
import org.mtc.core.io.ExitCleanup;
import org.mtc.core.io.FileTrees;
import org.mtc.core.io.StagedDirectory;
import org.mtc.tasks.model.MultitaskModel;

/**
 * Where a new training run is written, and how it replaces an old one without losing it.
 *
 * <p>A run directory holds only the files a run writes ({@link #ENTRIES}: {@code settings.conf},
 * {@code command.txt}, {@code train.log}, {@code metrics.json}, {@code model/} and the hidden
 * siblings of a checkpoint swap). {@link #check} refuses, before anything is written, an {@code
 * --out} that is a file, that holds anything else (a data folder, a home directory), or that holds
 * a run when replacing was not asked for.
 *
 * <p>{@link #start} then picks the directory to train into: a new or empty {@code --out} itself;
 * for a run being replaced, a hidden staging sibling, so the old run stays whole until the new one
 * has a checkpoint. {@link #close} ends the run: with a checkpoint the new run is published (the
 * old one replaced); without one, what this run created is deleted, so a failed run neither costs
 * the old run nor leaves a half-made directory that blocks the next attempt. The same happens when
 * the JVM ends first (SIGTERM, Ctrl-C: {@link ExitCleanup}), where no {@code close()} would
 * otherwise run. One training thread; one run per directory at a time.
 */
public final class RunDirectory implements AutoCloseable {
  /** The settings a run records. */
  public static final String SETTINGS = "settings.conf";

  /** The command line a run records. */
  public static final String COMMAND = "command.txt";

  /** Every entry a run directory may hold. */
  public static final Set<String> ENTRIES =
      Set.of(
          SETTINGS,
          COMMAND,
          RunFiles.LOG,
          RunFiles.METRICS,
          MultitaskModel.BEST_DIR,
          "." + MultitaskModel.BEST_DIR + ".tmp",
          "." + MultitaskModel.BEST_DIR + ".old",
          ResumeCheckpoint.CURRENT,
          ResumeCheckpoint.PREVIOUS,
          ResumeCheckpoint.STAGING);

  private final Path target;
  private final Path path;
  private final StagedDirectory staging;
  private final boolean created;
  private ExitCleanup atExit;
  private boolean closed;

  private RunDirectory(Path target, Path path, StagedDirectory staging, boolean created) {
    this.target = target;
    this.path = path;
    this.staging = staging;
    this.created = created;
  }

  /**
   * Checks that a run may be written to {@code out}; writes nothing.
   *
   * @throws MtcException if {@code out} is a file, holds entries a run does not write, or holds a
   *     run and {@code overwrite} is false
   */
  public static void check(Path out, boolean overwrite) {
    if (!Files.exists(out)) {
      return;
    }
    if (!Files.isDirectory(out)) {
      throw new MtcException(
          "--out " + out + " is a file, not a run directory; choose a new directory");
    }
    List<String> foreign = new ArrayList<>();
    for (String name : entries(out)) {
      if (!written(name)) {
        foreign.add(name);
      }
    }
    if (!foreign.isEmpty()) {
      List<String> shown = foreign.stream().sorted().limit(5).toList();
      throw new MtcException(
          "--out "
              + out
              + " holds files that no mtc run writes ("
              + String.join(", ", shown)
              + (foreign.size() > shown.size() ? ", ..." : "")
              + "), so it is not a run directory and is never "
              + "replaced, even with --overwrite; choose a new or empty directory");
    }
    if (!entries(out).isEmpty() && !overwrite) {
      boolean hasModel = Files.isDirectory(out.resolve(MultitaskModel.BEST_DIR));
      boolean resumable =
          Files.isDirectory(out.resolve(ResumeCheckpoint.CURRENT))
              || Files.isDirectory(out.resolve(ResumeCheckpoint.PREVIOUS));
      throw new MtcException(
          "run directory "
              + out
              + " already exists"
              + (hasModel || resumable ? "" : " (an unfinished run with no checkpoint)")
              + "; choose another --out"
              + (resumable
                  ? ", add --resume to continue it from its last checkpoint,"
                  : " (it has no checkpoint to " + "--resume from),")
              + " or add --overwrite to replace it once the new run has a checkpoint");
    }
  }

  /**
   * Starts a run for {@code out} after {@link #check}: returns where to train.
   *
   * @param overwrite whether an existing run may be replaced (checked again here)
   */
  public static RunDirectory start(Path out, boolean overwrite) {
    check(out, overwrite);
    Path abs = out.toAbsolutePath().normalize();
    if (Files.isDirectory(abs) && !entries(abs).isEmpty()) {
      StagedDirectory staged =
          StagedDirectory.beside(abs); // deleted at exit until the run's own cleanup is set
      RunDirectory run = new RunDirectory(abs, staged.path(), staged, false);
      run.atExit = ExitCleanup.register(run::stopAtExit);
      return run;
    }
    RunDirectory run = new RunDirectory(abs, abs, null, !Files.exists(abs));
    run.atExit =
        ExitCleanup.register(run::stopAtExit); // before the directory exists: no moment to leave it
    try {
      Files.createDirectories(abs);
    } catch (IOException e) {
      run.atExit.close();
      throw new MtcException(
          "could not create the run directory "
              + abs
              + ": "
              + e.getMessage()
              + " (check that its parent is writable and the disk has space)",
          e);
    }
    return run;
  }

  /**
   * The directory to train into: {@code --out} itself, or a staging sibling while an old run is
   * replaced.
   */
  public Path path() {
    return path;
  }

  /**
   * Whether this run replaces an existing one (and so trains in a staging sibling until it is
   * published).
   */
  public boolean replacing() {
    return staging != null;
  }

  /** Whether the run has written a checkpoint ({@code model/}, or one to resume from). */
  public boolean hasCheckpoint() {
    return Files.isDirectory(path.resolve(MultitaskModel.BEST_DIR))
        || Files.isDirectory(path.resolve(ResumeCheckpoint.CURRENT))
        || Files.isDirectory(path.resolve(ResumeCheckpoint.PREVIOUS));
  }

  /**
   * Ends the run. With a checkpoint, a staged run replaces the old one; without one, everything
   * this run created is removed and an old run is left untouched.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    atExit.close();
    if (staging != null) {
      try (staging) {
        if (hasCheckpoint()) {
          staging.publish(true);
        }
      }
      return;
    }
    if (!hasCheckpoint()) {
      removeUnfinished();
    }
  }

  /**
   * Ends the run when the JVM ends before {@link #close} (SIGTERM, Ctrl-C) while training may still
   * go on in another thread: as {@link #close}, and says on standard error what became of the run.
   */
  synchronized void stopAtExit() {
    if (closed) {
      return;
    }
    closed = true;
    atExit.close();
    boolean checkpoint = hasCheckpoint();
    String resume =
        Files.isDirectory(path.resolve(ResumeCheckpoint.CURRENT))
                || Files.isDirectory(path.resolve(ResumeCheckpoint.PREVIOUS))
            ? ": continue it with mtc train --out " + target + " --resume"
            : "";
    if (staging != null) {
      if (checkpoint) {
        staging.publish(true);
      } else {
        staging.close();
      }
      System.err.println(
          "mtc: stopped; "
              + (checkpoint
                  ? "the new run replaced the one in "
                      + target
                      + " with its last checkpoint"
                      + resume
                  : "the new run had no checkpoint yet, the old run in "
                      + target
                      + " is kept as it was"));
      return;
    }
    if (checkpoint) {
      System.err.println(
          "mtc: stopped; the run in " + target + " keeps its last checkpoint" + resume);
      return;
    }
    removeUnfinished();
    System.err.println(
        "mtc: stopped before the first checkpoint; "
            + (Files.exists(target)
                ? "removed what the " + "run wrote in " + target
                : "removed " + target));
  }

  private void removeUnfinished() {
    try {
      for (String name : entries(target)) {
        if (written(name)) {
          FileTrees.deleteRacing(target.resolve(name));
        }
      }
      if (created) {
        FileTrees.deleteRacing(target); // a file the trainer created meanwhile is this run's too
      }
    } catch (MtcException e) {
      // best effort: what is left is refused with a clear message by the next run's check
    }
  }

  /**
   * Whether a run writes an entry of this name (or the temporary file of one, left by a killed
   * run).
   */
  /**
   * Whether a run (or an export of it: the docs' {@code mtc export onnx --model RUN --out
   * RUN/model.onnx}) writes an entry of this name, or the temporary file of one.
   */
  private static boolean written(String name) {
    return runEntry(name)
        || AtomicFiles.temporaryOf(name).filter(RunDirectory::runEntry).isPresent();
  }

  private static boolean runEntry(String name) {
    return ENTRIES.contains(name) || name.endsWith(".onnx") && !name.startsWith(".");
  }

  private static List<String> entries(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).toList();
    } catch (IOException e) {
      throw new MtcException("could not list " + dir + ": " + e.getMessage(), e);
    }
  }
}
