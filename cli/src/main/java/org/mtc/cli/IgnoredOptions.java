package org.mtc.cli;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.mtc.core.MtcException;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Options given on a command line that do nothing for its input (e.g. {@code --split} when every
 * task is read from a {@code --task} file): a command refuses them by name, or, where refusing
 * would break reasonable scripts, prints one warning line on standard error. An option counts as
 * given when it is on the command line, whatever its default. Shared by the {@code mtc} commands
 * and {@code mtc bench}. Used from the command's thread.
 */
public final class IgnoredOptions {
  private final CommandSpec spec;

  private IgnoredOptions(CommandSpec spec) {
    this.spec = spec;
  }

  /** The options of a parsed command ({@code @Spec CommandSpec spec} of the command). */
  public static IgnoredOptions of(CommandSpec spec) {
    return new IgnoredOptions(spec);
  }

  /** Whether {@code option} (any of its names) is on the command line. */
  public boolean given(String option) {
    var parsed = spec.commandLine() == null ? null : spec.commandLine().getParseResult();
    return parsed != null && parsed.hasMatchedOption(option);
  }

  /**
   * The options on the command line other than {@code allowed}, by their longest names, in the
   * order given.
   */
  public List<String> givenExcept(Set<String> allowed) {
    var parsed = spec.commandLine() == null ? null : spec.commandLine().getParseResult();
    return parsed == null
        ? List.of()
        : parsed.matchedOptions().stream()
            .map(o -> o.longestName())
            .filter(n -> !allowed.contains(n))
            .distinct()
            .toList();
  }

  /**
   * Refuses those of {@code options} that are given: {@code "OPTION does nothing WHY"}.
   *
   * @param why when the options do nothing and what to do, e.g. {@code "with --task (every task is
   *     read from its file); drop it"}
   */
  public void refuse(String why, String... options) {
    List<String> given = given(options);
    if (!given.isEmpty()) {
      throw new MtcException(
          String.join(", ", given) + (given.size() == 1 ? " does" : " do") + " nothing " + why);
    }
  }

  /**
   * Prints {@code mtc: warning: OPTION does nothing WHY} once for the given ones of {@code
   * options}.
   */
  public void warn(String why, String... options) {
    List<String> given = given(options);
    if (!given.isEmpty()) {
      warning(String.join(", ", given) + (given.size() == 1 ? " does" : " do") + " nothing " + why);
    }
  }

  /** Prints one warning line on standard error. */
  public static void warning(String message) {
    System.err.println("mtc: warning: " + message);
  }

  private List<String> given(String... options) {
    return Arrays.stream(options).filter(this::given).toList();
  }
}
