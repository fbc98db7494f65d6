package org.mtc.bench.experiment;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.mtc.core.io.ExitCleanup;

/**
 * The one way the benchmarks start a child JVM: this JVM's {@code java} and class path, {@code
 * -Dai.djl.offline=true} (DJL never reaches the network), {@code -Dmtc.home} when this JVM has it,
 * the caller's JVM options, then a main class named by its {@link Class} (so a moved class cannot
 * break a child by name) and its arguments. {@link #processBuilder} adds the environment of {@link
 * NativeThreadEnv#applyDefaults}, and {@link #start} ties the child's life to this JVM's.
 * Stateless.
 */
public final class JavaLauncher {
  private JavaLauncher() {}

  /** The java launcher of this JVM. */
  public static String java() {
    return ProcessHandle.current()
        .info()
        .command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }

  /**
   * {@code java [jvmOptions] -Dai.djl.offline=true [-Dmtc.home=...] -cp CLASSPATH main args...}.
   */
  public static List<String> command(List<String> jvmOptions, Class<?> main, List<String> args) {
    List<String> command = new ArrayList<>(List.of(java()));
    command.addAll(jvmOptions);
    command.add("-Dai.djl.offline=true");
    String home = System.getProperty("mtc.home");
    if (home != null) {
      command.add("-Dmtc.home=" + home);
    }
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
    command.addAll(args);
    return command;
  }

  /**
   * Starts {@code pb} and makes sure the child does not outlive this JVM: if this JVM ends first (a
   * signal, {@code System.exit}), the child is killed ({@link ExitCleanup}).
   */
  public static Process start(ProcessBuilder pb) throws IOException {
    Process p = pb.start();
    ExitCleanup registration = ExitCleanup.register(p::destroyForcibly);
    p.onExit().thenRun(registration::close);
    return p;
  }

  /** A process builder for {@link #command}, its environment with mtc's native-thread defaults. */
  public static ProcessBuilder processBuilder(
      List<String> jvmOptions, Class<?> main, List<String> args) {
    ProcessBuilder pb = new ProcessBuilder(command(jvmOptions, main, args));
    NativeThreadEnv.applyDefaults(pb.environment());
    return pb;
  }
}
