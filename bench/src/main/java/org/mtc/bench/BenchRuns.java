package org.mtc.bench;

import ai.djl.Device;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mtc.core.MtcException;
import org.mtc.core.io.ExitCleanup;
import org.mtc.core.io.FileTrees;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What every {@code mtc bench} run directory shares: the recorded command and task list, the
 * refusal to replace anything that is not a bench run, the old run set aside and restored when a
 * new one fails, and the versions written into the report. Stateless.
 */
final class BenchRuns {
  static final String COMMAND_FILE = "command.txt";
  static final String TASKS_FILE = "tasks.txt";

  private BenchRuns() {}

  /** Versions and machine facts recorded with a run. */
  static Map<String, String> versions(CommandSpec spec, String stamp) {
    Map<String, String> v = new LinkedHashMap<>();
    String[] mtc = spec.root().version();
    v.put("mtc", mtc.length > 0 ? mtc[0] : "unknown");
    v.put("started (UTC)", stamp);
    v.put(
        "java",
        System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")");
    v.put(
        "os",
        System.getProperty("os.name")
            + " "
            + System.getProperty("os.version")
            + " "
            + System.getProperty("os.arch"));
    v.put("cpus", Integer.toString(Runtime.getRuntime().availableProcessors()));
    v.put("djl", jarVersion(Device.class));
    try {
      v.put("load average at start", Files.readString(Path.of("/proc/loadavg")).trim());
    } catch (IOException | RuntimeException e) {
      v.put("load average at start", "unknown");
    }
    return v;
  }

  /**
   * The version in the file name of the jar holding {@code type} ({@code api-0.36.0.jar} gives
   * 0.36.0).
   */
  private static String jarVersion(Class<?> type) {
    String implementation = type.getPackage().getImplementationVersion();
    if (implementation != null) {
      return implementation;
    }
    try {
      String name =
          Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI())
              .getFileName()
              .toString();
      Matcher m = Pattern.compile("-(\\d[\\w.-]*)\\.jar$").matcher(name);
      return m.find() ? m.group(1) : "unknown";
    } catch (URISyntaxException | RuntimeException e) {
      return "unknown";
    }
  }

  /** The command line as run, quoted for a shell. */
  static String command(CommandSpec spec) {
    List<String> args = spec.root().commandLine().getParseResult().originalArgs();
    return "mtc "
        + String.join(
            " ",
            args.stream()
                .map(a -> a.matches("[\\w./=,:@+-]+") ? a : "'" + a.replace("'", "'\\''") + "'")
                .toList());
  }

  static Path defaultTasks() {
    String home = System.getProperty("mtc.home");
    Path p = home != null ? Path.of(home, "conf", "dream9.conf") : Path.of("conf", "dream9.conf");
    if (!Files.isRegularFile(p)) {
      throw new MtcException(
          "no --tasks given and the default task set " + p + " does not exist; pass --tasks FILE");
    }
    return p;
  }

  /**
   * Refuses an existing non-empty {@code run} unless --overwrite, and always one that is not a
   * bench run.
   */
  static void checkOutput(Path run, boolean overwrite) throws IOException {
    if (!Files.exists(run)) {
      return;
    }
    if (!Files.isDirectory(run)) {
      throw new MtcException(
          "--out " + run + " is a file, not a bench run directory; choose a new directory");
    }
    try (var s = Files.list(run)) {
      if (s.findAny().isEmpty()) {
        return;
      }
    }
    Path command = run.resolve(COMMAND_FILE);
    boolean benchRun =
        Files.isRegularFile(command) && Files.readString(command).startsWith("mtc bench");
    if (!benchRun) {
      throw new MtcException(
          "--out "
              + run
              + " is not empty and is not a bench run directory (no "
              + COMMAND_FILE
              + " written by `mtc bench`), so it is never replaced, even with --overwrite; choose a new directory");
    }
    if (!overwrite) {
      throw new MtcException(
          "run directory " + run + " already exists; choose another --out or add --overwrite");
    }
  }

  /**
   * Moves an existing run to a hidden sibling (returned) and creates {@code run} empty; null if
   * there was none.
   */
  static Path setAside(Path run) throws IOException {
    Path previous = null;
    if (Files.isDirectory(run)) {
      try (var s = Files.list(run)) {
        if (s.findAny().isPresent()) {
          previous =
              run.toAbsolutePath()
                  .resolveSibling("." + run.getFileName() + ".previous-" + UUID.randomUUID());
          Files.move(run, previous, StandardCopyOption.ATOMIC_MOVE);
        }
      }
    }
    Files.createDirectories(run);
    return previous;
  }

  /**
   * Until closed: if the JVM is stopped (Ctrl-C, SIGTERM), one line says where the run so far is
   * (to continue with {@code --resume}) and where the run it replaces was set aside. Nothing to
   * say, and a no-op registration, when no run was set aside.
   */
  static ExitCleanup announceAtExit(Path run, Path previous) {
    if (previous == null) {
      return ExitCleanup.register(() -> {});
    }
    return ExitCleanup.register(
        () ->
            System.err.println(
                "mtc bench: stopped; the run so far is in "
                    + run
                    + " (continue it with --resume "
                    + run
                    + "), and the run it was replacing is kept in "
                    + previous));
  }

  /** After a failed run: removes it and puts the previous run back where it was. */
  static void restore(Path run, Path previous) {
    if (previous == null) {
      return;
    }
    try {
      FileTrees.delete(run);
      Files.move(previous, run, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      System.err.println(
          "mtc bench: the previous run is kept in "
              + previous
              + " (could not move it back: "
              + e.getMessage()
              + ")");
    }
  }
}
