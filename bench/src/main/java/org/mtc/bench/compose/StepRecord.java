package org.mtc.bench.compose;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;

/**
 * One step of a compose run: an {@code mtc} command line run in-process, with its wall time.
 *
 * @param name the step's name, also its output's and log's file name ({@code frozen}, {@code joint}
 *     ...)
 * @param what the step in words, as the progress line shows it
 * @param args the command line, without the leading {@code mtc}
 * @param seconds wall time of the command, data loading, teacher predictions and writing included
 * @param exitCode the command's exit code (0: it wrote its output)
 * @param output the directory it wrote
 * @param resumed whether it finished in an earlier, interrupted run and was not run again
 */
public record StepRecord(
    String name,
    String what,
    List<String> args,
    double seconds,
    int exitCode,
    String output,
    boolean resumed) {
  public StepRecord {
    args = List.copyOf(args);
  }

  /** Whether the command succeeded. */
  @JsonIgnore
  public boolean ok() {
    return exitCode == 0;
  }

  /** The command line, as a user would type it. */
  @JsonIgnore
  public String commandLine() {
    return "mtc " + String.join(" ", args);
  }
}
